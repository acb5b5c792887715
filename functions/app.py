"""Torget's API: the Chalice app, its blueprints, the one error mapping, the WebSocket entry points."""

from chalice import Chalice, Rate
from chalicelib.api import articles, auth, chat, comments, groups, health, http, live, me, notifications

app = Chalice(app_name="torget")
app.debug = False  # never send a traceback to a client
app.api.binary_types = []  # JSON only; uploads go straight to S3
app.experimental_feature_flags.update(["WEBSOCKETS"])

app.register_middleware(http.middleware_for(app.routes), "http")
for blueprint in (health.bp, auth.bp, me.bp, comments.bp, groups.bp, chat.bp, notifications.bp, articles.bp):
    app.register_blueprint(blueprint, url_prefix="/api")


@app.on_ws_connect()
def ws_connect(event):
    return live.on_connect(event)


@app.on_ws_message()
def ws_message(event):
    return live.on_message(event)


@app.on_ws_disconnect()
def ws_disconnect(event):
    return live.on_disconnect(event)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def publish_scheduled(event):
    """Articles approved for a later time are committed once their time has come."""
    from chalicelib import articles

    return {"published": articles.publish_due()}
