"""Torget's API: the Chalice app, its blueprints, the one error mapping, the WebSocket entry points."""

from chalice import Chalice, Cron, Rate
from chalicelib.api import (
    articles,
    auth,
    chat,
    comments,
    groups,
    health,
    http,
    live,
    mail,
    me,
    notifications,
    posts,
    privacy,
    scim,
    sharing,
    uploads,
)

app = Chalice(app_name="torget")
app.debug = False  # never send a traceback to a client
app.api.binary_types = []  # JSON only; uploads go straight to S3
app.experimental_feature_flags.update(["WEBSOCKETS"])

app.register_middleware(http.middleware_for(app.routes), "http")
for blueprint in (health.bp, auth.bp, me.bp, comments.bp, posts.bp, sharing.bp, groups.bp, uploads.bp, chat.bp,
                  notifications.bp, articles.bp, mail.bp, privacy.bp, scim.bp):
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


@app.schedule(Rate(1, unit=Rate.MINUTES))
def scheduled_work(event):
    """Every minute: at-once mails whose wait is over (queued as work units; sent if still unread), articles
    whose publish time has come, erasures that were confirmed but not finished."""
    from chalicelib import erasure, mail
    from chalicelib.articles import publishing

    return {"mail_units": mail.queue_due(), "published": publishing.publish_due(), "erased": erasure.resume_all()}


@app.schedule(Cron(0, 5, "*", "*", "?", "*"))
def digests(event):
    """06:00 in Sweden (05:00 UTC, 07:00 in summer): the daily digest; Mondays the weekly one too (each
    queued as work units of a few people)."""
    from datetime import UTC, datetime

    from chalicelib import mail

    sent = {"daily": mail.digest("daily")}
    if datetime.now(UTC).weekday() == 0:
        sent["weekly"] = mail.digest("weekly")
    return sent


@app.schedule(Cron(30, 3, "*", "*", "?", "*"))
def retention_sweep(event):
    """Every night: remove personal data older than its retention period (what TTL has not yet); each
    person's part queued as work units."""
    from chalicelib import retention

    return retention.sweep()


@app.on_cw_event({"source": ["aws.ses"], "detail-type": ["Email Bounced", "Email Complaint Received"]})
def mail_feedback(event):
    """SES: a bounce or a complaint turns mail off for that address."""
    from chalicelib import mail

    recipients = (event.detail.get("bounce") or event.detail.get("complaint") or {}).get(
        "bouncedRecipients") or (event.detail.get("complaint") or {}).get("complainedRecipients") or []
    return {"suppressed": sum(mail.suppress(r.get("emailAddress", "")) for r in recipients if r.get("emailAddress"))}


@app.lambda_function(name="work")
def work(event, context):
    """Work units from the queue, ten at a time; the answer names the failed ones (partial batch response)."""
    from chalicelib import jobs  # only this function runs units: the API's cold start never loads them

    return jobs.handle(event)
