"""`python -m devserver`: the whole intranet on one port (default 8000, or $PORT)."""

import asyncio
import contextlib
import errno
import json
import logging
import os
import signal
import socket
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = os.environ.get("TORGET_DATA_DIR") or os.path.join(ROOT, ".torget")
DATABASE = os.path.join(DATA_DIR, "dynamodb")
UPLOADS = os.path.join(DATA_DIR, "uploads")
MAIL = os.path.join(DATA_DIR, "mail")
SEEDED = os.path.join(DATA_DIR, "seeded")
SCIM_TOKEN = os.path.join(DATA_DIR, "scim-token")
TABLE = "torget"
HOST = "127.0.0.1"


def say(message: str) -> None:
    print(message, flush=True)


def fail(message: str) -> None:
    print(f"\n  ✗ {message}\n", file=sys.stderr, flush=True)
    sys.exit(1)


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def external_issuer() -> str | None:
    """OIDC_ISSUER from the environment: a real identity provider (Entra ID, Okta, Google, Keycloak) instead
    of the local one; OIDC_CLIENT_ID and OIDC_CLIENT_SECRET then come from the environment too."""
    return os.environ.get("OIDC_ISSUER") or None


def scim_token() -> str:
    """The provisioning service's bearer token: made once, kept in .torget/scim-token (readable by you only)."""
    if not os.path.exists(SCIM_TOKEN):
        import secrets

        os.makedirs(DATA_DIR, exist_ok=True)
        descriptor = os.open(SCIM_TOKEN, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(32))
    with open(SCIM_TOKEN) as token:
        return token.read().strip()


def configure_environment(port: int, issuer: str, external: bool = False) -> None:
    """The same settings Lambda gets from its stage, pointed at the local parts (`external`: the identity
    provider is the one the environment named, not the local one)."""
    from devserver.identity import CLIENT_ID, CLIENT_SECRET

    if external:
        identity = {}  # the company's provider, as the environment names it
    else:
        # The local provider keeps no session of its own, so logging out there would only ask for a click.
        identity = {"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET,
                    "OIDC_PROVIDER_LOGOUT": "off"}
    os.environ.update({
        "TABLE_NAME": TABLE,
        # The address people use: this server's own, or the production rehearsal's CloudFront in front of it.
        "PUBLIC_URL": os.environ.get("TORGET_PUBLIC_URL") or f"http://{HOST}:{port}",
        **identity,
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-north-1"),
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "UPLOADS_BUCKET": "torget-uploads",
        # S3 (uploads) is stood in for on the site's own origin (the production rehearsal puts its own
        # endpoint with the bucket's CORS rules in front of it); boto3 reads these endpoints itself.
        "AWS_ENDPOINT_URL_S3": os.environ.get("TORGET_S3_ENDPOINT") or f"http://{HOST}:{port}/_s3",
        "CURSOR_SECRET": os.environ.get("CURSOR_SECRET") or "local-cursor-key",
        # Articles written in the browser are committed to this checkout (or TORGET_REPO, a clone).
        "PUBLISH_REPOSITORY": os.environ.get("TORGET_REPO") or ROOT,
        # Authors may write; without this setting editors and admins publish without review.
        "ROLE_AUTHORS": os.environ.get("ROLE_AUTHORS", ""),
        # Mail goes to the devserver's own SMTP server; an at-once mail waits this long for the person to see it.
        "MAIL_FROM": "Torget <torget@fjallvind.example>",
        "MAIL_DELAY_SECONDS": os.environ.get("MAIL_DELAY_SECONDS", "120"),
        # The company's directory provisions people through SCIM with this token.
        "SCIM_TOKEN": os.environ.get("SCIM_TOKEN") or scim_token(),
    })


async def scheduled_work(server, interval: float = 10.0) -> None:
    """What the scheduled Lambdas do in production: at-once mails whose wait is over (queued as work units),
    articles whose time has come, unfinished erasures, and the nightly retention sweep."""
    from chalicelib import erasure, mail, retention
    from chalicelib.articles import publishing

    swept = 0.0
    while True:
        await asyncio.sleep(interval)
        try:
            await server.run(mail.queue_due)
            published = await server.run(publishing.publish_due)
            erased = await server.run(erasure.resume_all)
            if time.monotonic() - swept > 24 * 3600:  # the nightly retention sweep: at the start, then daily
                swept = time.monotonic()
                removed = await server.run(retention.sweep)
                if any(count for kind, count in removed.items() if kind != "units"):
                    say(f"  ✓ retention: removed {removed}")
        except Exception as error:  # a failed round is reported and retried, never fatal
            say(f"  ✗ scheduled work failed: {error}")
            continue
        if erased:
            say(f"  ✓ finished {erased} erasure(s)")
        if published:
            say(f"  ✓ published {published} scheduled article(s)")


def run_work_units(server) -> None:
    """The work queue's stand-in: units run as they are queued, on the server's work threads, through the
    same consumer as the work function's (chalicelib.jobs), with the same three tries."""
    from chalicelib import jobs, work_queue

    def drain() -> None:
        done = jobs.drain()
        if done.get("sent"):
            say(f"  ✉ sent {done['sent']} mail(s): {HOST}:{os.environ.get('PORT', '8000')}/_devserver/mail/")
        removed = {kind: done[kind] for kind in ("chat", "notifications", "sessions") if done.get(kind)}
        if removed:
            say(f"  ✓ retention: removed {removed}")
        if done.get("dead"):
            say(f"  ✗ {done['dead']} work unit(s) failed three times and were set aside (the errors are above)")

    work_queue.on_arrival(lambda: server.work_pool.submit(drain))


QUICK_PAUSE = 1.0


async def watch(server, interval: float = 0.25) -> None:
    """Rebuild when content/ or theme/ change. A save that changes only an article's text renders its
    pages at once (a second Pelican, kept loaded, that only does that) and reloads the tabs showing them;
    the full build runs beside it and reloads only the open pages it really changed, once no newer save
    is waiting. A build that fails shows its error on the open pages."""
    from devserver import site

    full = site.WarmBuilder()
    quick = site.WarmBuilder(output=site.OUTPUT + "-quick", cache=site.CACHE + "-quick", target=site.OUTPUT)
    full.start()
    quick.start()  # Pelican loads now, not at the first save
    seen = site.newest_source_mtime()
    articles = await asyncio.to_thread(site.article_mtimes)
    pages = await asyncio.to_thread(site.page_hashes)
    state = {"wanted": False, "running": None, "fresh": [], "fresh_pages": []}
    background: set = set()

    def refresh(builder) -> None:
        task = asyncio.create_task(asyncio.to_thread(builder.build))
        background.add(task)
        task.add_done_callback(background.discard)
    started = time.perf_counter()
    await asyncio.gather(asyncio.to_thread(full.build), asyncio.to_thread(quick.build))  # their own contexts
    say(f"  ✓ fast preview ready ({time.perf_counter() - started:.1f} s): a saved article shows in a fraction of a second")

    async def build_all(pause: float) -> None:
        nonlocal pages
        await asyncio.sleep(pause)  # after a fast render, the reloading tab has the machine first
        while state["wanted"]:
            state["wanted"] = False
            state["fresh"], state["fresh_pages"] = [], []
            ok, seconds, errors = await asyncio.to_thread(full.build)
            if state["fresh"]:
                # A save during the build: its pages were rendered fast, then written again by the build
                # from the older source. Render them once more; a tab that got the older one reloads.
                written = await asyncio.to_thread(site.page_hashes, None, sorted(set(state["fresh_pages"])))
                overwritten = [page for page, digest in written.items() if pages.get(page) != digest]
                if overwritten:
                    await asyncio.to_thread(quick.quick, sorted(set(state["fresh"])))
                    pages.update(await asyncio.to_thread(site.page_hashes, None, overwritten))
                    server.notify("reload", overwritten)
            if state["wanted"]:
                continue  # saved again meanwhile: that build's pages are the ones to show
            if ok:
                await server.run(register_articles)
                after = await asyncio.to_thread(site.page_hashes)
                different = sorted(path for path, digest in after.items() if pages.get(path) != digest)
                pages = after
                say(f"  ↻ rebuilt the site in {seconds:.2f} s ({len(different)} pages changed)")
                server.notify("reload", different)
            else:
                say(f"  ✗ the site did not build ({seconds:.2f} s):\n{errors}")
                server.notify("error", errors.splitlines()[-12:])
        state["running"] = None

    while True:
        await asyncio.sleep(interval)
        newest = await asyncio.to_thread(site.newest_source_mtime)
        if newest <= seen:
            continue
        seen = newest
        now = await asyncio.to_thread(site.article_mtimes)
        changed = [path for path, mtime in now.items() if articles.get(path) != mtime]
        only_articles = set(now) == set(articles) and changed and newest <= max(now.values())
        articles = now
        shown = None
        if only_articles:
            shown, seconds, _why = await asyncio.to_thread(quick.quick, changed)
            if shown:
                since = time.time() - max(now[path] for path in changed)
                say(f"  ↻ {', '.join(shown)} in {seconds:.2f} s ({since:.2f} s after the save); the rest of the site follows")
                pages.update(await asyncio.to_thread(site.page_hashes, None, shown))  # not reloaded twice
                server.notify("reload", shown)
                if state["running"] is not None:
                    state["fresh"] += changed
                    state["fresh_pages"] += shown
            else:  # more than text changed: the fast path needs a context of the new sources too
                refresh(quick)
        else:
            refresh(quick)
        state["wanted"] = True
        if state["running"] is None:
            state["running"] = asyncio.create_task(build_all(QUICK_PAUSE if shown else 0))


def register_articles() -> dict:
    """What the deploy step does in production: tell the API which articles are published."""
    from chalicelib import targets

    from devserver import site

    with open(os.path.join(site.OUTPUT, "manifest.json"), encoding="utf-8") as manifest:
        current = json.load(manifest)
    # After a save only what changed is registered again (one write per changed article).
    result = targets.register_articles(current, previous=_registered.get("manifest"))
    _registered["manifest"] = current
    return result


_registered: dict = {}


async def serve(port: int) -> None:
    from devserver.dynamodb_local import DynamoDBLocal, Missing
    from devserver.identity import provider

    started = time.perf_counter()
    idp_port = int(os.environ.get("OIDC_PORT", port + 1))
    if not port_free(port):
        fail(f"Port {port} is already in use. Stop the other server, or start on another port: make run PORT={port + 10}")
    external = external_issuer()  # read once: configure_environment sets OIDC_ISSUER for the local provider
    if not external and not port_free(idp_port):
        fail(f"Port {idp_port} (the local identity provider) is already in use. Set OIDC_PORT to a free port.")

    os.makedirs(DATA_DIR, exist_ok=True)
    # DynamoDB Local starts from this (main) thread: it stops when the devserver dies, even by kill -9.
    engine = DynamoDBLocal(db_path=DATABASE, port=int(os.environ.get("DYNAMODB_PORT") or 0) or None,
                           log_path=os.path.join(DATA_DIR, "dynamodb-local.log"))
    try:
        engine.start()
    except Missing as missing:
        fail(str(missing))
    except RuntimeError as error:
        fail(f"{error}. Its log: {engine.log_path}")
    from devserver import mailbox

    smtp, _box, smtp_port = mailbox.start(MAIL, int(os.environ.get("SMTP_PORT") or 0))
    try:
        with (contextlib.nullcontext(external) if external else provider(idp_port, HOST)) as issuer:
            configure_environment(port, issuer, bool(external))
            os.environ.update({"AWS_ENDPOINT_URL_DYNAMODB": engine.endpoint, "SMTP_HOST": HOST, "SMTP_PORT": str(smtp_port)})
            await run_intranet(port, issuer, engine, started, bool(external))
    finally:
        smtp.stop()
        engine.stop()


async def run_intranet(port: int, issuer: str, engine, started: float, external: bool = False) -> None:
    from aiohttp import web
    from app import app  # the Chalice app, exactly as deployed

    from devserver import site
    from devserver.demo import DEMO_PEOPLE
    from devserver.dynamodb_local import ensure_table
    from devserver.gateway import Gateway
    from devserver.server import Devserver

    client = engine.client()
    created = ensure_table(client, TABLE)
    if site.is_current():
        say("  ✓ the site is up to date")
    else:
        say("  … building the site")
        ok, seconds, errors = site.build()
        if not ok:
            fail(f"The site did not build:\n{errors}")
        say(f"  ✓ built the site in {seconds:.2f} s")

    registered = register_articles()
    if os.environ.get("TORGET_SEED", "1") != "0" and not os.path.exists(SEEDED):
        if not created:
            say("  ! the demo data was cut short last time; `make reset` starts fresh")
        else:
            from chalicelib.config import origin_secrets

            from devserver.directory_demo import provision
            from devserver.seed import seed

            began = time.perf_counter()
            # Sent as CloudFront would send it where the production rehearsal puts its secret in front.
            edge = {"x-torget-origin": origin_secrets()[0]} if origin_secrets() else {}
            directory = provision(Gateway(app).handle, os.environ["SCIM_TOKEN"], headers=edge)
            say(f"  ✓ the demo directory through SCIM: {directory['people']} people in {directory['departments']} "
                f"departments at {directory['offices']} offices, {directory['left']} of them have left "
                f"({time.perf_counter() - began:.1f} s)")
            seeded = seed()
            with open(SEEDED, "w") as marker:
                marker.write(json.dumps(seeded))
            say(f"  ✓ demo data: {seeded['people']} people, {seeded['groups']} groups, {seeded['posts']} posts, "
                f"{seeded['comments']} comments, {seeded['reactions']} reactions")
    items = client.describe_table(TableName=TABLE)["Table"].get("ItemCount", 0)
    server = Devserver(Gateway(app), site.OUTPUT, UPLOADS, MAIL)
    run_work_units(server)
    import app as app_module
    from chalicelib import events

    from devserver.websocket import LocalManagement, WebsocketGateway

    management = LocalManagement(asyncio.get_running_loop())
    events.use_sender(management)
    handlers = {"$connect": app_module.ws_connect, "$default": app_module.ws_message,
                "$disconnect": app_module.ws_disconnect}
    websocket = WebsocketGateway(handlers, management, server.run_socket, f"{HOST}:{port}")
    runner = web.AppRunner(server.app(websocket), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, port).start()
    watcher = asyncio.create_task(watch(server))
    scheduler = asyncio.create_task(scheduled_work(server))

    url = f"http://{HOST}:{port}"
    say("")
    say(f"  Torget is running at {url}   (ready in {time.perf_counter() - started:.1f} s)")
    if external:
        say(f"  Identity provider: {issuer} (OIDC_ISSUER)   {registered['registered']} articles registered")
    else:
        say(f"  Local identity provider: {issuer}   {registered['registered']} articles registered")
    say(f"  Data: DynamoDB Local on port {engine.port}, {items} items on disk in {DATABASE}")
    # Always so: DynamoDB Local binds every interface and has no option to do otherwise.
    say(f"  ! DynamoDB Local listens on every network interface (port {engine.port}) and checks no credentials:")
    say("    it has no option to listen on this machine only. On a shared network, block that port in your firewall.")
    if not external:
        say("  Demo logins (pick one on the provider's page):")
        for person in DEMO_PEOPLE:
            say(f"    {person['sub']:<14} {person['name']:<14} {person['role']}")
    else:
        say(f"  Log in with your account there; register {url}/api/auth/callback as the client's redirect URI.")
    say(f"  SCIM (provisioning): {url}/api/scim/v2 with the bearer token in {SCIM_TOKEN}")
    say(f"  Mail: an SMTP server on {HOST}:{os.environ['SMTP_PORT']}; what Torget sent is at {url}/_devserver/mail/")
    say("  Edit content/ or theme/ and open pages reload. Ctrl+C stops; make reset starts fresh.")
    say("")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    watcher.cancel()
    scheduler.cancel()
    say("\n  Stopping (every write is already on disk).")
    await runner.cleanup()


def main() -> None:
    import faulthandler

    faulthandler.register(signal.SIGUSR1)  # kill -USR1 <pid> prints every thread's stack (a hung request)
    logging.basicConfig(level=logging.WARNING, format="  %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    raw = os.environ.get("PORT", "8000")
    if not raw.isdigit() or not 0 < int(raw) < 65535:
        fail(f"PORT must be a port number, not {raw!r}.")
    asyncio.run(serve(int(raw)))


if __name__ == "__main__":
    main()
