"""The local OpenID provider (PyPI oidc-provider-mock) with the demo people."""

from contextlib import contextmanager

from devserver.demo import DEMO_PEOPLE, claims

CLIENT_ID = "torget-local"
# Not a secret: the local provider accepts any client secret.
CLIENT_SECRET = "torget-local-secret"  # noqa: S105


@contextmanager
def provider(port: int, host: str = "127.0.0.1"):
    """Run the provider in a thread; yield its issuer URL."""
    import threading
    import warnings

    # The mock imports authlib modules that announce their own deprecation;
    # authlib turns its warnings on at import, so the filter goes in after it.
    import authlib.deprecate  # noqa: F401
    import werkzeug.serving

    warnings.filterwarnings("ignore", message=r".*(authlib\.jose|httpx module) .*deprecated")
    from oidc_provider_mock import User, app

    users = [User(sub=person["sub"], claims=claims(person)) for person in DEMO_PEOPLE]
    wsgi = app(require_nonce=True, user_claims=users)
    server = werkzeug.serving.make_server(host, port, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
