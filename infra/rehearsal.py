"""`make rehearse`: Torget served the way the synthesized CloudFormation template says, not the way the
devserver assumes.

    python -m infra.rehearsal [--port 8100]

The stack is synthesized as `make deploy` would (with a fresh CloudFront key pair), and the distribution
in the template is played in front of the devserver: its behaviours in order, each behaviour's
viewer-request CloudFront Function (its own JavaScript, run in Node on CloudFront's event shape),
trusted key groups (the signed cookies checked with the template's public key, RSA-SHA1 as CloudFront
does), origin paths and custom headers (the origin secret), origin groups with their failover codes, the
custom error responses, the response-headers policy (the browser then enforces the CSP), and behind the
origins API Gateway's stage semantics: a REST request whose path does not start with the stage is refused,
and a WebSocket API answers only at its stage's own path. The devserver stands in for the Lambda functions
(the same Chalice app, called with API Gateway's events), the site bucket is the built site.

Presigned uploads go, as on AWS, to another origin: a second port stands for S3's regional endpoint (the
host the template's CSP names, the one the functions presign against) and answers with the uploads bucket's
CORS rules from the template, the rehearsal's own address standing for the distribution's name; behind it
the devserver's S3 stand-in checks the presigned policy.

Not mirrored: TLS and HTTP/2, caching, the order of CloudFront's own checks, DNS (S3's global name versus
the regional one), the not-found function's own S3 read, SES, IAM.
"""

import argparse
import asyncio
import base64
import fnmatch
import json
import mimetypes
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infra.synth import synthesize  # noqa: E402

KEY_PAIR_ID = "REHEARSAL"  # the app signs with it; CloudFront would give the PublicKey's own id
# What a {{resolve:secretsmanager:…}} reference in the template becomes here (the origin secret): the
# devserver is given the same value, as the functions read the secret in production.
RESOLVED_SECRET = "rehearsal-" + base64.urlsafe_b64encode(os.urandom(18)).decode()
STAGE_FORBIDDEN = b'{"message":"Forbidden"}'
# The distribution's name when the template has no alias (CloudFront gives it at creation).
DISTRIBUTION_NAME = "d111111abcdef8.cloudfront.net"


# --- the template -------------------------------------------------------------------------------------------
def origin_kind(origin: dict) -> str:
    """What an origin of the template is, read off its domain name."""
    text = json.dumps(origin["DomainName"])
    for marker, kind in (("SiteBucket", "site"), ("UploadsBucket", "uploads"), ("RestAPI", "rest"),
                         ("WebsocketAPI", "websocket"), ("FunctionUrl", "function")):
        if marker in text:
            return kind
    raise ValueError(f"an origin the rehearsal does not know: {text}")


class Distribution:
    """The parts of the template's CloudFront distribution that change a request or its answer."""

    def __init__(self, template: dict, functions_dir: Path, uploads_origin: str):
        resources = template["Resources"]
        [config] = [r["Properties"]["DistributionConfig"] for r in resources.values()
                    if r["Type"] == "AWS::CloudFront::Distribution"]
        self.behaviours = [*config.get("CacheBehaviors", []), {**config["DefaultCacheBehavior"], "PathPattern": "*"}]
        self.origins = {o["Id"]: {"kind": origin_kind(o), "path": o.get("OriginPath", ""),
                                  "headers": {h["HeaderName"]: resolved(h["HeaderValue"])
                                              for h in o.get("OriginCustomHeaders", [])}}
                        for o in config["Origins"]}
        self.groups = {g["Id"]: ([m["OriginId"] for m in g["Members"]["Items"]], g["FailoverCriteria"]["StatusCodes"]["Items"])
                       for g in (config.get("OriginGroups") or {}).get("Items", [])}
        self.errors = {e["ErrorCode"]: e for e in config.get("CustomErrorResponses", [])}
        self.functions = {}
        for name, resource in resources.items():
            if resource["Type"] == "AWS::CloudFront::Function":
                path = functions_dir / f"{name}.js"
                path.write_text(resource["Properties"]["FunctionCode"], encoding="utf-8")
                self.functions[name] = path
        [key] = [r["Properties"]["PublicKeyConfig"]["EncodedKey"] for r in resources.values()
                 if r["Type"] == "AWS::CloudFront::PublicKey"]
        from cryptography.hazmat.primitives import serialization

        self.public_key = serialization.load_pem_public_key(key.encode())
        [policy] = [r["Properties"]["ResponseHeadersPolicyConfig"] for r in resources.values()
                    if r["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"]
        self.headers = response_headers(policy["SecurityHeadersConfig"], uploads_origin)
        # The address the site has on AWS: its own domain, or the distribution's name.
        self.site_origin = "https://" + (config.get("Aliases") or [DISTRIBUTION_NAME])[0]
        [uploads] = [r for name, r in resources.items() if r["Type"] == "AWS::S3::Bucket" and name.startswith("UploadsBucket")]
        self.uploads_cors = (uploads["Properties"].get("CorsConfiguration") or {}).get("CorsRules", [])

    def behaviour(self, path: str) -> dict:
        """The first behaviour whose path pattern matches (CloudFront: in order, case-sensitive, * and ?)."""
        return next(b for b in self.behaviours if fnmatch.fnmatchcase(path, b["PathPattern"]))

    def viewer_request_function(self, behaviour: dict) -> Path | None:
        for association in (behaviour.get("FunctionAssociations") or []):
            if association["EventType"] == "viewer-request":
                return self.functions[association["FunctionARN"]["Fn::GetAtt"][0]]
        return None


def resolved(value) -> str:
    """A header value of the template; a dynamic reference to a secret becomes the rehearsal's value."""
    text = value if isinstance(value, str) else json.dumps(value)
    return RESOLVED_SECRET if "{{resolve:secretsmanager:" in text else text


def uploads_host_reference(part) -> bool:
    """Whether a part of the template is the uploads bucket's regional domain name (S3's regional endpoint)."""
    attribute = part.get("Fn::GetAtt") if isinstance(part, dict) else None
    return bool(attribute) and attribute[0].startswith("UploadsBucket") and attribute[1] == "RegionalDomainName"


def response_headers(security: dict, uploads_origin: str) -> dict:
    """The response-headers policy as header values. The uploads bucket's regional name in the CSP becomes
    the rehearsal's uploads endpoint; any other reference stays a name no request here goes to."""
    csp = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    if isinstance(csp, dict):  # Fn::Join
        csp = "".join(part if isinstance(part, str) else "UPLOADS-ENDPOINT" if uploads_host_reference(part)
                      else "unresolved.invalid" for part in csp["Fn::Join"][1])
    csp = csp.replace("https://UPLOADS-ENDPOINT", uploads_origin)
    hsts = security["StrictTransportSecurity"]
    return {
        "Content-Security-Policy": csp,
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
                                     + ("; includeSubDomains" if hsts.get("IncludeSubdomains") else ""),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
    }


# --- CloudFront's own checks ---------------------------------------------------------------------------------
def signed_cookies_valid(cookies: dict, public_key, now: float) -> bool:
    """CloudFront's check of signed cookies with a custom policy: the key pair, the RSA-SHA1 signature of the
    policy, its time limit."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    def undo(value: str) -> bytes:
        return base64.b64decode(value.translate(str.maketrans("-_~", "+=/")))

    try:
        if cookies.get("CloudFront-Key-Pair-Id") != KEY_PAIR_ID:
            return False
        policy = undo(cookies["CloudFront-Policy"])
        public_key.verify(undo(cookies["CloudFront-Signature"]), policy, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
        statement = json.loads(policy)["Statement"][0]
        return statement["Condition"]["DateLessThan"]["AWS:EpochTime"] > now
    except (KeyError, ValueError, InvalidSignature):
        return False


class FunctionRuntime:
    """One Node process that runs the CloudFront Functions (infra/edge/run.mjs)."""

    def __init__(self):
        self.process = subprocess.Popen(["node", str(ROOT / "infra" / "edge" / "run.mjs")], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lock = asyncio.Lock()

    async def run(self, file: Path, event: dict) -> dict:
        async with self.lock:
            loop = asyncio.get_running_loop()

            def call():
                self.process.stdin.write(json.dumps({"file": str(file), "event": event}) + "\n")
                return json.loads(self.process.stdout.readline())

            answer = await loop.run_in_executor(None, call)
        if "error" in answer:
            raise RuntimeError(f"CloudFront Function {file.name}: {answer['error']}")  # CloudFront: 503
        return answer["result"]


def viewer_event(request, uri: str) -> dict:
    return {"version": "1.0", "context": {"eventType": "viewer-request"}, "viewer": {"ip": request.remote or ""},
            "request": {"method": request.method, "uri": uri,
                        "querystring": {k: {"value": v} for k, v in request.query.items()},
                        "headers": {k.lower(): {"value": v} for k, v in request.headers.items() if k.lower() != "cookie"},
                        "cookies": {k: {"value": v} for k, v in request.cookies.items()}}}


# --- the edge -------------------------------------------------------------------------------------------------
class Edge:
    """CloudFront as the template configures it, with API Gateway's stages behind it and the devserver in
    place of the Lambda functions."""

    def __init__(self, distribution: Distribution, site_dir: Path, devserver: str, runtime: FunctionRuntime):
        import aiohttp

        self.distribution, self.site_dir, self.devserver, self.runtime = distribution, site_dir, devserver, runtime
        self.session = aiohttp.ClientSession(auto_decompress=False)

    def app(self):
        from aiohttp import web

        application = web.Application(client_max_size=11 * 1024 * 1024)
        application.router.add_route("*", "/{tail:[\\s\\S]*}", self.handle)
        return application

    async def handle(self, request):
        from aiohttp import web

        behaviour = self.distribution.behaviour(request.path)
        uri = request.path
        function = self.distribution.viewer_request_function(behaviour)
        if function is not None:
            result = await self.runtime.run(function, viewer_event(request, request.path))
            if "statusCode" in result:  # the function answered itself
                return web.Response(status=result["statusCode"], headers={
                    name: value["value"] for name, value in (result.get("headers") or {}).items()})
            uri = result["uri"]
        if behaviour.get("TrustedKeyGroups") and not signed_cookies_valid(
                request.cookies, self.distribution.public_key, time.time()):
            response = web.Response(status=403, text="<Error><Code>MissingKey</Code></Error>", content_type="text/xml")
        else:
            response = await self.origin(request, behaviour["TargetOriginId"], uri)
        if isinstance(response, web.WebSocketResponse):
            return response
        response = await self.error_page(request, response)
        if behaviour.get("ResponseHeadersPolicyId"):
            response.headers.update(self.distribution.headers)
        return response

    async def error_page(self, request, response):
        """A custom error response of the distribution: the page at its path, with its status, for every path."""
        from aiohttp import web

        rule = self.distribution.errors.get(response.status)
        if rule is None or "ResponsePagePath" not in rule:
            return response
        page_behaviour = self.distribution.behaviour(rule["ResponsePagePath"])
        page = await self.origin(request, page_behaviour["TargetOriginId"], rule["ResponsePagePath"])
        return web.Response(status=int(rule.get("ResponseCode") or response.status), body=page.body,
                            content_type="text/html", charset="utf-8")

    async def origin(self, request, origin_id: str, uri: str):
        if origin_id in self.distribution.groups:  # an origin group: the next member for the failover codes
            members, codes = self.distribution.groups[origin_id]
            response = await self.origin(request, members[0], uri)
            return await self.origin(request, members[1], uri) if response.status in codes else response
        origin = self.distribution.origins[origin_id]
        path = origin["path"] + uri
        handler = {"site": self.bucket, "uploads": self.uploads, "rest": self.rest_api,
                   "websocket": self.websocket_api, "function": self.not_found_page}[origin["kind"]]
        return await (handler(request, path, origin["headers"]) if origin["kind"] in ("rest", "websocket")
                      else handler(request, path))

    async def bucket(self, request, path: str):
        """The site bucket through OAC: the object at the key, or 404 (the distribution may list the bucket)."""
        from aiohttp import web

        file = (self.site_dir / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.site_dir) or not file.is_file():
            return web.Response(status=404, text="<Error><Code>NoSuchKey</Code></Error>", content_type="application/xml")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return web.Response(body=file.read_bytes(), content_type=kind)

    async def not_found_page(self, request, path: str):
        """In place of the not-found page's function (infra/edge/not_found.py): the site's own 404 page, as 404."""
        from aiohttp import web

        page = "en/404.html" if path.startswith("/en/") else "404.html"
        body = (self.site_dir / page).read_bytes()
        return web.Response(status=404, body=body, content_type="text/html", charset="utf-8")

    async def uploads(self, request, path: str):
        return await self.forward(request, path)  # the devserver's own uploads route stands in for the bucket

    async def rest_api(self, request, path: str, added: dict):
        """API Gateway's REST API: the first segment is the stage; the rest is the app's route."""
        from aiohttp import web

        if not path.startswith("/api/"):
            return web.Response(status=403, body=STAGE_FORBIDDEN, content_type="application/json")
        return await self.forward(request, path[len("/api"):], added)

    async def websocket_api(self, request, path: str, added: dict):
        """A WebSocket API answers only at its stage's own path; anything after it is refused with 403."""
        from aiohttp import WSMsgType, web

        if path.rstrip("/") != "/api" or request.headers.get("Upgrade", "").lower() != "websocket":
            return web.Response(status=403, body=STAGE_FORBIDDEN, content_type="application/json")
        viewer = web.WebSocketResponse()
        await viewer.prepare(request)
        headers = {"Cookie": request.headers.get("Cookie", ""), "Origin": request.headers.get("Origin", ""), **added}
        async with self.session.ws_connect(self.devserver.replace("http", "ws", 1) + "/ws", headers=headers) as server:
            async def pump(source, target):
                async for message in source:
                    if message.type == WSMsgType.TEXT:
                        await target.send_str(message.data)
                    else:
                        break
                await target.close()

            await asyncio.gather(pump(viewer, server), pump(server, viewer))
        return viewer

    async def forward(self, request, path: str, added: dict | None = None, keep_host: bool = False):
        """To the devserver, as the origin request policy sends it: every viewer header but Host, and the
        origin's own custom headers (S3's endpoint keeps Host: signatures cover it)."""
        from aiohttp import web

        headers = {k: v for k, v in request.headers.items()
                   if k.lower() != "content-length" and (keep_host or k.lower() != "host")}
        headers.update(added or {})
        body = await request.read()
        async with self.session.request(request.method, self.devserver + path, params=request.query, headers=headers,
                                        data=body or None, allow_redirects=False, skip_auto_headers=["Content-Type"]) as answer:
            body = await answer.read()
            response = web.Response(status=answer.status, body=body)
            dropped = ("transfer-encoding", "content-encoding", "connection", "date", "server")
            for name, value in answer.headers.items():
                # A HEAD answer's length is the object's (boto3 reads it), not that of the empty body.
                if name.lower() not in dropped and (name.lower() != "content-length" or request.method == "HEAD"):
                    response.headers.add(name, value)
            return response


class UploadsEndpoint:
    """S3's regional endpoint for the uploads bucket: the bucket's CORS rules from the template in front of
    the devserver's S3 stand-in (which checks the presigned policy, as S3 does)."""

    def __init__(self, edge: Edge, viewer_origin: str):
        self.edge, self.viewer_origin = edge, viewer_origin

    def app(self):
        from aiohttp import web

        application = web.Application(client_max_size=11 * 1024 * 1024)
        application.router.add_route("*", "/{tail:[\\s\\S]*}", self.handle)
        return application

    def rule(self, origin: str, method: str, headers: list[str]) -> dict | None:
        """The first CORS rule that allows this origin, method and request headers (S3: one * per pattern).
        The rehearsal's own address stands for the site's address on AWS."""
        origin = self.edge.distribution.site_origin if origin == self.viewer_origin else origin
        for rule in self.edge.distribution.uploads_cors:
            if any(fnmatch.fnmatchcase(origin, allowed) for allowed in rule["AllowedOrigins"]) \
                    and method in rule["AllowedMethods"] \
                    and all(any(fnmatch.fnmatchcase(name.lower(), allowed.lower()) for allowed in rule.get("AllowedHeaders", []))
                            for name in headers):
                return rule
        return None

    async def handle(self, request):
        from aiohttp import web

        origin = request.headers.get("Origin")
        asked = request.headers.get("Access-Control-Request-Method")
        if request.method == "OPTIONS" and origin and asked:  # a preflight: S3 answers it from the CORS rules
            wanted = [h.strip() for h in request.headers.get("Access-Control-Request-Headers", "").split(",") if h.strip()]
            rule = self.rule(origin, asked, wanted)
            if rule is None:
                return web.Response(status=403, text="<Error><Code>AccessForbidden</Code>"
                                                     "<Message>CORSResponse: This CORS request is not allowed.</Message></Error>",
                                    content_type="application/xml")
            return web.Response(status=200, headers={
                "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": ", ".join(rule["AllowedMethods"]),
                "Access-Control-Allow-Headers": ", ".join(wanted), "Access-Control-Max-Age": str(rule.get("MaxAge", 0)),
                "Vary": "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"})
        response = await self.edge.forward(request, request.path, keep_host=True)
        if origin and self.rule(origin, request.method, []) is not None:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        return response


# --- make rehearse -------------------------------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_devserver(public_url: str, private_pem: str, port: int, log: Path, extra_env: dict) -> subprocess.Popen:
    env = {**os.environ, "PORT": str(port), "TORGET_PUBLIC_URL": public_url, "CDN_KEY_PAIR_ID": KEY_PAIR_ID,
           "CDN_PRIVATE_KEY": private_pem, "ORIGIN_SECRET": RESOLVED_SECRET, **extra_env}
    process = subprocess.Popen([sys.executable, "-m", "devserver"], cwd=ROOT, env=env, stdout=log.open("w"),
                               stderr=subprocess.STDOUT)
    started = time.monotonic()
    while "Torget is running at" not in log.read_text():
        if process.poll() is not None or time.monotonic() - started > 240:
            raise SystemExit("the devserver did not start:\n" + log.read_text())
        time.sleep(0.1)
    return process


async def serve(port: int, uploads_port: int, distribution: Distribution, site_dir: Path, devserver: str) -> None:
    from aiohttp import web

    edge = Edge(distribution, site_dir, devserver, FunctionRuntime())
    uploads = UploadsEndpoint(edge, f"http://127.0.0.1:{port}")
    for application, at in ((edge.app(), port), (uploads.app(), uploads_port)):
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", at).start()
    print(f"  The rehearsal is running at http://127.0.0.1:{port}   (CloudFront as the template says; "
          f"the devserver behind it at {devserver})", flush=True)
    await asyncio.Event().wait()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Serve Torget the way the synthesized template says")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8100")))
    parser.add_argument("--template", type=Path, help="a template synthesized before (with its --key)")
    parser.add_argument("--key", type=Path, help="the private key (PEM) the template's public key belongs to")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="torget-rehearsal-"))
    print("  … synthesizing the stack", flush=True)
    if args.template:
        template, pem = json.loads(args.template.read_text()), args.key.read_text()
    else:
        synthesized, pem, _firewall = synthesize(work, oidc_issuer="https://idp.invalid", oidc_client_id="torget")
        template = synthesized.to_json()
    (work / "template.json").write_text(json.dumps(template))
    functions = work / "functions"
    functions.mkdir()
    url, dev_port, uploads_port = f"http://127.0.0.1:{args.port}", free_port(), free_port()
    distribution = Distribution(template, functions, f"http://127.0.0.1:{uploads_port}")
    site_dir = Path(os.environ.get("TORGET_OUTPUT") or ROOT / "output").resolve()
    print(f"  … starting the devserver behind it (port {dev_port})", flush=True)
    # The functions reach S3 through the uploads endpoint too, so what they presign names it.
    process = start_devserver(url, pem, dev_port, work / "devserver.log",
                              {"TORGET_OUTPUT": str(site_dir), "TORGET_S3_ENDPOINT": f"http://127.0.0.1:{uploads_port}/_s3"})
    lines = (work / "devserver.log").read_text().splitlines()
    logins = next((n for n, line in enumerate(lines) if "Demo logins" in line), None)
    if logins is not None:  # the devserver's own list of people to log in as
        print("\n".join(line for line in lines[logins:] if line.startswith("    ") or "Demo logins" in line), flush=True)
    # Stopped with SIGTERM (the tests) as with Ctrl+C: the devserver behind it stops too, never left running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        asyncio.run(serve(args.port, uploads_port, distribution, site_dir, f"http://127.0.0.1:{dev_port}"))
    except KeyboardInterrupt:
        pass
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
