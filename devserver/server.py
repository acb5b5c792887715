"""One port for everything: the static site (private, as behind CloudFront), /api and live reload."""

import asyncio
import hashlib
import json
import mimetypes
import os
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from aiohttp import web
from chalicelib import auth
from chalicelib.config import settings

# Pages anyone may see: the login page and what it needs.
PUBLIC_PREFIXES = ("/login/", "/en/login/", "/theme/", "/favicon.ico")
CSP = (
    # Pagefind's search runs as WebAssembly: 'wasm-unsafe-eval' allows compiling it, not eval().
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
AUTH_CACHE_SECONDS = 2.0
mimetypes.add_type("application/atom+xml", ".xml")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/manifest+json", ".webmanifest")


def json_parse_errors() -> None:
    """aiohttp answers a request it cannot even parse (a request line over 8 KB, a broken header) itself, in
    plain text, before any route runs; API Gateway answers those in JSON, and so does the devserver: the
    error envelope with the same status."""
    from aiohttp import web_protocol

    if getattr(web_protocol.RequestHandler.handle_error, "torget", False):
        return
    original = web_protocol.RequestHandler.handle_error

    def handle_error(self, request, status=500, exc=None, message=None):
        response = original(self, request, status, exc, message)  # logs, and closes the connection after
        if not 400 <= response.status < 500:
            return response
        too_long = type(exc).__name__ == "LineTooLong"
        error = {"code": "too_long" if too_long else "bad_request",
                 "message": "The address is too long." if too_long else "The request could not be read."}
        return web.Response(status=response.status, text=json.dumps({"error": error}), content_type="application/json",
                            headers={"Connection": "close"})

    handle_error.torget = True
    web_protocol.RequestHandler.handle_error = handle_error


class Devserver:
    def __init__(self, gateway, output_dir: str, uploads_dir: str, mail_dir: str | None = None):
        from devserver.mailbox import Mailbox
        from devserver.uploads import Bucket

        self.mailbox = Mailbox(mail_dir) if mail_dir else None
        self.gateway = gateway
        self.output_dir = os.path.realpath(output_dir)
        self.bucket = Bucket(uploads_dir)
        # REST requests one at a time, as in one Lambda instance: Chalice keeps the
        # current request on the app object. WebSocket routes are Lambdas of their
        # own and take no current request, so they run beside it; so do the login
        # checks of static files, uploads and article registration.
        self.api_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="api")
        self.socket_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ws")
        self.work_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="work")
        self.listeners: set[asyncio.Queue] = set()
        self._auth_cache: dict[str, float] = {}

    def app(self, websocket=None) -> web.Application:
        json_parse_errors()
        application = web.Application(client_max_size=11 * 1024 * 1024)
        if websocket is not None:
            application.router.add_get("/ws", websocket.handle)
            application.router.add_post("/_devserver/drop-sockets", websocket.drop_all)
        # [\s\S]: a path may hold an encoded line break (%0A), which `.` does not match; the API answers it.
        application.router.add_route("*", "/api/{tail:[\\s\\S]*}", self.api)
        application.router.add_get("/_devserver/events", self.events)
        application.router.add_get("/_devserver/mail/", self.mail_list)
        application.router.add_post("/_devserver/mail/digest", self.mail_digest)
        application.router.add_post("/_devserver/retention", self.retention_sweep)
        application.router.add_get("/_devserver/mail/{name}", self.mail_view)
        application.router.add_post("/_s3/{bucket}", self.s3_post)
        application.router.add_get("/_s3/{bucket}", self.s3_bucket)
        application.router.add_route("*", "/_s3/{bucket}/{key:.+}", self.s3_object)
        application.router.add_get("/uploads/{key:.+}", self.uploaded)
        application.router.add_route("*", "/{tail:[\\s\\S]*}", self.static)
        return application

    async def api(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {name: value for name, value in request.headers.items()}
        # Several Cookie headers are joined, as API Gateway does.
        if len(request.headers.getall("Cookie", [])) > 1:
            headers["Cookie"] = "; ".join(request.headers.getall("Cookie"))
        path = request.path_qs
        loop = asyncio.get_running_loop()
        status, pairs, raw = await loop.run_in_executor(
            self.api_pool, self.gateway.handle, request.method, path, headers, body
        )
        response = web.Response(status=status, body=raw)
        for name, value in pairs:
            response.headers.add(name, value)
        return response

    async def logged_in(self, request: web.Request) -> bool:
        token = request.cookies.get(settings().cookie_name)
        if not token:
            return False
        if self._auth_cache.get(token, 0) > time.monotonic():
            return True
        loop = asyncio.get_running_loop()
        caller = await loop.run_in_executor(self.work_pool, auth.caller_for, token)
        if caller is None:
            self._auth_cache.pop(token, None)
            return False
        self._auth_cache[token] = time.monotonic() + AUTH_CACHE_SECONDS
        return True

    def resolve(self, path: str) -> str | None:
        """The file under output/ for a URL path, or None (never outside output/)."""
        candidate = os.path.realpath(os.path.join(self.output_dir, path.lstrip("/")))
        if candidate != self.output_dir and not candidate.startswith(self.output_dir + os.sep):
            return None
        if os.path.isdir(candidate):
            if not path.endswith("/"):
                return candidate + os.sep  # caller redirects to the slash form
            candidate = os.path.join(candidate, "index.html")
        return candidate if os.path.isfile(candidate) else None

    async def static(self, request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, headers={"Allow": "GET, HEAD"})
        path = request.path
        english = path == "/en" or path.startswith("/en/")
        if not path.startswith(PUBLIC_PREFIXES) and not await self.logged_in(request):
            login = "/en/login/" if english else "/login/"
            raise web.HTTPFound(f"{login}?next={quote(request.path_qs, safe='/')}")
        found = self.resolve(path)
        if found and found.endswith(os.sep):
            raise web.HTTPMovedPermanently(path + "/")
        if found is None:
            page = self.resolve("/en/404.html" if english else "/404.html")
            return self.file_response(request, page, status=404) if page else web.Response(status=404, text="Not found")
        return self.file_response(request, found)

    def file_response(self, request: web.Request, path: str, status: int = 200) -> web.Response:
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/json", "image/svg+xml", "application/atom+xml",
                                                "application/manifest+json"):
            kind += "; charset=utf-8"
        with open(path, "rb") as source:
            body = source.read()
        headers = {"Content-Type": kind, "Cache-Control": "no-cache", **SECURITY_HEADERS}
        response = web.Response(status=status, body=body, headers=headers)
        compressible = kind.endswith("charset=utf-8") or kind == "text/javascript"
        if compressible and "gzip" in request.headers.get("Accept-Encoding", ""):
            response.enable_compression(web.ContentCoding.gzip)  # as CloudFront compresses text
        return response

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: "reload" after every successful rebuild."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        queue: asyncio.Queue = asyncio.Queue()
        self.listeners.add(queue)
        try:
            await response.write(b": connected\n\n")
            while True:
                try:
                    event, data = await asyncio.wait_for(queue.get(), timeout=25)
                    await response.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())
                except TimeoutError:
                    await response.write(b": keepalive\n\n")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.listeners.discard(queue)
        return response

    async def mail_list(self, request: web.Request) -> web.Response:
        if self.mailbox is None:
            return web.Response(status=404, text="No mailbox")
        page = await self.run(self.mailbox.listing)
        return web.Response(text=page, content_type="text/html", headers={"Cache-Control": "no-store", **SECURITY_HEADERS})

    async def mail_view(self, request: web.Request) -> web.Response:
        found = await self.run(self.mailbox.view, request.match_info["name"]) if self.mailbox else None
        if found is None:
            return web.Response(status=404, text="No such mail")
        # A mail's HTML is shown as it was sent, with nothing of it able to run.
        return web.Response(text=found[0], content_type="text/html", headers={
            "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            "X-Content-Type-Options": "nosniff"})

    async def mail_digest(self, request: web.Request) -> web.Response:
        """Send the daily digest now (the button on /_devserver/mail/, and `make digest`)."""
        if request.headers.get("Origin") not in (None, settings().origin):
            return web.Response(status=403, text="Only from this site")
        from chalicelib import jobs, mail

        period = "weekly" if request.query.get("period") == "weekly" else "daily"
        result = await self.run(mail.digest, period)
        # The units were queued; the answer (and the mail page it leads to) waits until they have run.
        await self.run(jobs.drain, True)
        if "text/html" in request.headers.get("Accept", ""):
            raise web.HTTPSeeOther("/_devserver/mail/")
        return web.json_response(result)

    async def retention_sweep(self, request: web.Request) -> web.Response:
        """Run the nightly retention sweep now (`make retention`)."""
        if request.headers.get("Origin") not in (None, settings().origin):
            return web.Response(status=403, text="Only from this site")
        from chalicelib import jobs, retention

        removed = await self.run(retention.sweep)
        await self.run(jobs.drain, True)  # each person's part ran in the queued units
        return web.json_response(removed)

    async def s3_post(self, request: web.Request) -> web.Response:
        """The uploads bucket's presigned-POST endpoint (S3 answers 204)."""
        from chalicelib import uploads as upload_rules

        from devserver import uploads

        bucket = request.match_info["bucket"]
        if bucket != upload_rules.bucket():
            return web.Response(status=404, text="NoSuchBucket")
        if "delete" in request.query:
            return await self.s3_delete_objects(request)
        form = await request.post()
        upload = form.get("file")
        if upload is None or not hasattr(upload, "file"):
            return web.Response(status=400, text="file missing")
        data = upload.file.read(upload_rules.MAX_BYTES + 1)
        fields = {name: value for name, value in form.items() if isinstance(value, str)}
        try:
            uploads.check_post(bucket, fields, len(data), uploads.secret_key())
        except uploads.Refused as refused:
            return web.Response(status=403, text=f"AccessDenied: {refused}")
        try:
            await self.run(self.bucket.store, fields["key"], fields.get("Content-Type", ""), data)
        except uploads.Refused as refused:
            return web.Response(status=400, text=f"InvalidArgument: {refused}")
        return web.Response(status=204)

    @staticmethod
    def unsigned(request: web.Request, method: str) -> web.Response | None:
        """S3's 403 for a request without a valid SigV4 signature made with the local secret; None when signed."""
        from devserver import uploads

        headers = {name.lower(): value for name, value in request.headers.items()}
        try:
            uploads.check_signed_read(method, request.raw_path.partition("?")[0], request.query_string, headers,
                                      uploads.secret_key())
        except uploads.Refused as refused:
            return web.Response(status=403, text=f"AccessDenied: {refused}")
        return None

    async def s3_delete_objects(self, request: web.Request) -> web.Response:
        """DeleteObjects (the retention sweep's images of deleted posts): SigV4-signed, the body's hash checked."""
        import html
        import re

        from devserver import uploads

        data = await request.read()
        refused = self.unsigned(request, "POST")
        if refused is not None:
            return refused
        if request.headers.get("x-amz-content-sha256") not in ("UNSIGNED-PAYLOAD", hashlib.sha256(data).hexdigest()):
            return web.Response(status=400, text="XAmzContentSHA256Mismatch")
        # The signed body lists <Object><Key>…</Key></Object>; keys are read without an XML parser.
        names = [html.unescape(key) for key in re.findall(r"<Key>([^<]*)</Key>", data.decode("utf-8", "replace"))]
        for key in names[:1000]:
            try:
                await self.run(self.bucket.remove, key)
            except uploads.Refused:
                pass
        return web.Response(text='<?xml version="1.0" encoding="UTF-8"?>'
                                 '<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>',
                            content_type="application/xml")

    async def s3_object(self, request: web.Request) -> web.Response:
        """One object, as the API's boto3 client asks S3 (SigV4-signed): HEAD, GET (Range allowed), PUT,
        DELETE; and GET by a presigned URL (a person's data export, downloaded by the browser)."""
        from chalicelib import uploads as upload_rules

        from devserver import uploads

        if request.method not in ("GET", "HEAD", "PUT", "DELETE"):
            return web.Response(status=405, headers={"Allow": "GET, HEAD, PUT, DELETE"})
        headers = {name.lower(): value for name, value in request.headers.items()}
        presigned = request.method == "GET" and "X-Amz-Signature" in request.query
        try:
            check = uploads.check_presigned if presigned else uploads.check_signed_read
            check(request.method, request.raw_path.partition("?")[0], request.query_string, headers, uploads.secret_key())
        except uploads.Refused as refused:
            return web.Response(status=403, text=f"AccessDenied: {refused}")
        if request.match_info["bucket"] != upload_rules.bucket():
            return web.Response(status=404, text="NoSuchBucket")
        key = request.match_info["key"]
        if request.method == "PUT":
            data = await request.read()
            declared = headers.get("x-amz-content-sha256", "")
            if declared not in ("UNSIGNED-PAYLOAD", hashlib.sha256(data).hexdigest()):
                return web.Response(status=400, text="XAmzContentSHA256Mismatch")
            try:
                await self.run(self.bucket.store, key, headers.get("content-type", "binary/octet-stream"), data)
            except uploads.Refused as refused:
                return web.Response(status=400, text=f"InvalidArgument: {refused}")
            return web.Response(status=200, headers={"ETag": '"local"'})
        if request.method == "DELETE":
            try:
                await self.run(self.bucket.remove, key)
            except uploads.Refused:
                pass
            return web.Response(status=204)
        found = await self.run(self.bucket.fetch, key)
        if found is None:
            return web.Response(status=404, text="NoSuchKey")
        data, kind = found
        status, extra = 200, {}
        if key.startswith("exports/"):
            extra["Content-Disposition"] = f'attachment; filename="{key.rsplit("/", 1)[-1]}"'
        wanted = request.http_range
        if wanted.start is not None or wanted.stop is not None:
            start, stop = wanted.start or 0, min(wanted.stop or len(data), len(data))
            extra["Content-Range"] = f"bytes {start}-{stop - 1}/{len(data)}"
            data, status = data[start:stop], 206
        return web.Response(status=status, body=data, headers={"Content-Type": kind, "ETag": '"local"', **extra})

    async def s3_bucket(self, request: web.Request) -> web.Response:
        """ListObjectsV2 (a person's uploads, for their export and erasure)."""
        from chalicelib import uploads as upload_rules

        from devserver import uploads

        refused = self.unsigned(request, "GET")
        if refused is not None:
            return refused
        bucket = request.match_info["bucket"]
        if bucket != upload_rules.bucket() or request.query.get("list-type") != "2":
            return web.Response(status=404, text="NoSuchBucket")
        prefix = request.query.get("prefix", "")
        found = await self.run(self.bucket.list, prefix)
        return web.Response(text=uploads.list_xml(bucket, prefix, found), content_type="application/xml")

    async def uploaded(self, request: web.Request) -> web.StreamResponse:
        """/uploads/<key>: what CloudFront serves from the private uploads bucket."""
        if not await self.logged_in(request):
            return web.Response(status=403, text="Log in first")
        found = await self.run(self.bucket.serve, "uploads/" + request.match_info["key"])
        if found is None:
            return web.Response(status=404, text="Not found")
        data, kind = found
        return web.Response(body=data, headers={
            "Content-Type": kind, "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox", "Content-Disposition": "inline"})

    async def run(self, function, *args):
        """Run blocking work (uploads, article registration) off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.work_pool, function, *args)

    async def run_socket(self, function, *args):
        """Run a WebSocket route's handler, beside the REST requests."""
        return await asyncio.get_running_loop().run_in_executor(self.socket_pool, function, *args)

    def notify(self, event: str, data=None) -> None:
        """To every open page: "reload" with the URL paths that changed (None: all), or "error" with lines."""
        for queue in list(self.listeners):
            queue.put_nowait((event, data))
