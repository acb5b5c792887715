"""Torget's API: the Chalice app, its blueprints and the one error mapping."""

from chalice import Chalice
from chalicelib.api import auth, comments, groups, health, http, me

app = Chalice(app_name="torget")
app.debug = False  # never send a traceback to a client
app.api.binary_types = []  # JSON only; uploads go straight to S3

app.register_middleware(http.middleware_for(app.routes), "http")
for blueprint in (health.bp, auth.bp, me.bp, comments.bp, groups.bp):
    app.register_blueprint(blueprint, url_prefix="/api")
