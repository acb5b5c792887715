"""E-mail that people read: at once for what they asked for (and have not seen on the site), a daily
or weekly digest of the rest, and a one-click unsubscribe per kind in every mail.

At once: notifying queues the mail (`MAILQ`); a few minutes later `queue_due` hands it to the work
queue and `send_now_unit` sends it only if the notification is still unread. Digests: `digest` cuts
everyone into units of DIGEST_UNIT people; `digest_unit` sends each their unread notifications of the
kinds they get in that digest, the week's most-read news and the read confirmations they still owe, in
their language, at most once per person and period.
Header values come only through `header_text`: RFC 2047 encoded words decoded and flattened (the
header parser would otherwise decode `=?utf-8?q?=0D=0ABcc:…?=` into a line of its own), controls
and line breaks of every kind dropped. Every composed mail is then checked on its wire bytes
(`check_headers`): exactly the headers Torget writes, each once, folded lines only. A mail that fails
is refused on its own (`HeaderRefused`), kept aside and logged; the run goes on. The recipient is
always given to the transport explicitly (SMTP RCPT TO, SES `Destination`), never taken from
headers. Every user text in the HTML part is escaped. Locally the devserver runs an SMTP server
(SMTP_HOST/SMTP_PORT); in production Amazon SES sends (MAIL_CONFIGURATION_SET).
"""

import base64
import email.policy
import hashlib
import hmac
import html
import logging
import re
import time
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import format_datetime, formataddr, make_msgid
from functools import lru_cache

from chalicelib import audiences, keys, notifications, reach, store, work_queue
from chalicelib.config import mail_configuration_set, mail_from, secret_for, settings, smtp_server
from chalicelib.errors import ValidationFailed
from chalicelib.store import directory as directory_store
from chalicelib.store import people as people_store

log = logging.getLogger("torget.mail")
TOKEN_DAYS = 90
DIGEST_UNIT = 25  # people per digest unit: ~2 s of work (a Query, a BatchGetItem share, a send each)
MAIL_UNIT = 10  # at-once mails per unit
DUE_PAGES = 10  # at most 1,000 due at-once mails queued per minute
HELD_DAYS = 14  # a held mail is kept this long for an operator to look at (CloudWatch logs say why)
ONE_LINE = re.compile(r"[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+")
STRINGS = {
    "sv": {
        "mention": "{actor} nämnde dig i {title}", "reply": "{actor} svarade dig i {title}",
        "reaction": "{actor} reagerade på ditt inlägg {title}", "post": "{actor} skrev i {title}",
        "request": "{actor} vill gå med i {title}", "others": " (och {n} till)",
        "review": "{actor} har granskat {title}", "kind-review": "granskningar",
        "report": "{actor} anmälde {title} till moderatorerna", "report-decided": "{actor} har avgjort din anmälan av {title}",
        "kind-report": "anmälningar",
        "daily": "Din dag på Torget", "weekly": "Din vecka på Torget", "unread": "Det du inte har sett",
        "news": "Mest lästa nyheterna i veckan", "acks": "Läs och bekräfta", "readers": "{n} läsare",
        "newcomers": "Nya kolleger – säg välkommen",
        "open": "Öppna Torget", "why": "Du får det här mejlet för att du har valt {mode} för {kind} i dina inställningar.",
        "stop": "Sluta skicka mejl om {kind}", "mode-now": "mejl direkt", "mode-daily": "en daglig sammanfattning",
        "mode-weekly": "en veckosammanfattning", "kinds": "{kind}",
        "kind-mention": "omnämnanden", "kind-reply": "svar", "kind-reaction": "reaktioner", "kind-post": "gruppinlägg",
        "kind-request": "förfrågningar", "kind-digest": "sammanfattningar",
    },
    "en": {
        "mention": "{actor} mentioned you in {title}", "reply": "{actor} replied to you in {title}",
        "reaction": "{actor} reacted to your post {title}", "post": "{actor} posted in {title}",
        "request": "{actor} asks to join {title}", "others": " (and {n} more)",
        "review": "{actor} reviewed {title}", "kind-review": "reviews",
        "report": "{actor} reported {title} to the moderators", "report-decided": "{actor} decided on your report of {title}",
        "kind-report": "reports",
        "daily": "Your day on Torget", "weekly": "Your week on Torget", "unread": "What you have not seen",
        "news": "The week's most-read news", "acks": "Read and confirm", "readers": "{n} readers",
        "newcomers": "New colleagues – say welcome",
        "open": "Open Torget", "why": "You get this e-mail because you chose {mode} for {kind} in your settings.",
        "stop": "Stop e-mails about {kind}", "mode-now": "e-mail at once", "mode-daily": "a daily digest",
        "mode-weekly": "a weekly digest", "kinds": "{kind}",
        "kind-mention": "mentions", "kind-reply": "replies", "kind-reaction": "reactions", "kind-post": "group posts",
        "kind-request": "requests", "kind-digest": "digests",
    },
}


HEADERS = ("Content-Type", "MIME-Version", "From", "To", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe",
           "List-Unsubscribe-Post")
ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")


# Where the running Python has it (3.11.10, 3.12.5 and later), the email package's own refusal of a
# generated header that would make another (CVE-2024-6923).
# CRLF, and lines up to RFC 5322's 998 octets so compat32 never folds a value inside (the subject and names
# are folded when they are encoded, by `_encoded` and `formataddr`).
SMTP_POLICY = email.policy.compat32.clone(linesep="\r\n", max_line_length=998, **(
    {"verify_generated_headers": True} if hasattr(email.policy.compat32, "verify_generated_headers") else {}))


class HeaderRefused(ValueError):
    """A composed mail whose wire headers are not exactly the ones Torget writes."""


def one_line(value, limit: int = 200) -> str:
    return ONE_LINE.sub(" ", str(value or "")).strip()[:limit]


def header_text(value, limit: int = 200) -> str:
    """A value for a header: encoded words decoded (again while any remain, at most a few times) and what
    is left of their syntax broken, then one line without controls."""
    from email.header import decode_header, make_header

    text = one_line(value, 2000)
    for _ in range(4):
        if not ENCODED_WORD.search(text):
            break
        try:
            decoded = str(make_header(decode_header(text)))
        except (LookupError, ValueError, UnicodeError, AssertionError):
            break
        text = one_line(decoded, 2000)
    return one_line(text.replace("=?", "= ?"), limit)


def check_headers(data: bytes, expected: dict[str, int]) -> None:
    """The mail's header section as it goes on the wire: CRLF lines, each a header of ours or a folded
    continuation, every top-level header named in `expected` exactly that many times."""
    head = data.split(b"\r\n\r\n", 1)[0]
    if b"\r\n\r\n" not in data or b"\n" in head.replace(b"\r\n", b"") or b"\r" in head.replace(b"\r\n", b""):
        raise HeaderRefused("bare line break in the headers")
    seen: dict[str, int] = {}
    for line in head.split(b"\r\n"):
        if len(line) > 998:
            raise HeaderRefused("header line over 998 octets")
        if line[:1] in (b" ", b"\t"):
            continue
        name, colon, _ = line.partition(b":")
        if not colon or not re.fullmatch(rb"[!-9;-~]+", name):
            raise HeaderRefused(f"not a header line: {line[:40]!r}")
        key = name.decode("ascii").lower()
        seen[key] = seen.get(key, 0) + 1
    want = {name.lower(): count for name, count in expected.items()}
    if seen != want:
        raise HeaderRefused(f"headers {sorted(seen)} are not {sorted(want)}")


def _say(lang: str, key: str, **values) -> str:
    text = STRINGS.get(lang, STRINGS["sv"])[key]
    return text.format(**values)


def site_url() -> str:
    return settings().public_url.rstrip("/")


def sender() -> tuple[str, str]:
    """(display name, address) of MAIL_FROM."""
    name, _, address = mail_from().rpartition("<")
    return header_text(name) or "Torget", header_text(address.rstrip(">").strip(), 254) or "torget@localhost"


# --- unsubscribe ---
@lru_cache(maxsize=1)
def _key() -> bytes:
    secret = secret_for("mail")
    return hashlib.sha256(b"torget-mail|" + secret.encode()).digest()


def unsubscribe_token(person_id: str, kind: str, now: float | None = None) -> str:
    expires = int((now or time.time()) + TOKEN_DAYS * 86400)
    raw = f"{person_id}|{kind}|{expires}".encode()
    signature = hmac.new(_key(), raw, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(raw + b"|" + signature).decode().rstrip("=")


def check_token(token) -> tuple[str, str]:
    bad = ValidationFailed("That unsubscribe link is not valid (or is too old). Change your e-mail settings on Torget.",
                           field="t", code="invalid_token")
    if not isinstance(token, str) or not 20 <= len(token) <= 400 or not re.fullmatch(r"[A-Za-z0-9_-]+", token):
        raise bad
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        raw, signature = data[:-17], data[-16:]
        person_id, kind, expires = raw.decode().split("|")
    except (ValueError, UnicodeDecodeError):
        raise bad
    if not hmac.compare_digest(signature, hmac.new(_key(), raw, hashlib.sha256).digest()[:16]) or int(expires) < time.time():
        raise bad
    if kind not in (*notifications.KINDS, "digest"):
        raise bad
    return person_id, kind


def unsubscribe(token) -> dict:
    """Turn one kind of mail off for the link's person (digest: every digest kind)."""
    person_id, kind = check_token(token)
    person = store.get(keys.person(person_id)) or {}
    if kind == "digest":
        changes = {k: "off" for k in notifications.KINDS if notifications.mail_mode(person, k) in ("daily", "weekly")}
        changes = changes or {"reaction": "off"}
    else:
        changes = {kind: "off"}
    notifications.update_mail_settings(person_id, changes)
    return {"kind": kind, "off": sorted(changes)}


# --- composing and sending ---
def compose(person: dict, subject: str, sections: list[dict], kind: str, mode: str) -> Message:
    """One mail: a plain-text and an HTML part of the same sections [{title, items: [{text, url, meta?}]}].

    Built with the email package's compat32 classes, whose headers are written as given: `List-Unsubscribe`
    stays the `<https://…>` RFC 2369/8058 readers look for (the modern folder turns a long one into encoded
    words), and the subject is encoded here, each space inside an encoded word, so no reader loses one
    (Python 3.11's folder can put them between encoded words, where decoding drops them)."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    lang = person.get("lang") or "sv"
    base = site_url()
    unsubscribe = f"{base}/api/mail/unsubscribe?t={unsubscribe_token(person['id'], kind)}"
    subject = header_text(subject, 150)
    name, address = sender()
    message = MIMEMultipart("alternative")
    message["From"] = formataddr((name, address), charset="utf-8")
    message["To"] = formataddr((header_text(person.get("name"), 100), person["email"]), charset="utf-8")
    message["Subject"] = _encoded(subject, "Subject")
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or "torget.local")
    message["List-Id"] = f"{_encoded(name, 'List-Id')} <{list_id(address)}>"
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    kind_name = _say(lang, f"kind-{kind}")
    why = _say(lang, "why", mode=_say(lang, f"mode-{mode}"), kind=kind_name)
    stop = _say(lang, "stop", kind=kind_name)
    text = [subject, ""]
    parts = [f"<h1 style=\"font-size:20px\">{html.escape(subject)}</h1>"]
    for section in sections:
        if section.get("title"):
            text += [section["title"], "-" * len(section["title"])]
            parts.append(f"<h2 style=\"font-size:16px\">{html.escape(section['title'])}</h2>")
        parts.append("<ul>")
        for item in section["items"]:
            url = base + item["url"] if item.get("url", "").startswith("/") else base + "/"
            meta = f" ({item['meta']})" if item.get("meta") else ""
            text.append(f"- {one_line(item['text'], 300)}{meta}\n  {url}")
            parts.append(f"<li><a href=\"{html.escape(url)}\">{html.escape(one_line(item['text'], 300))}</a>"
                         f"{html.escape(meta)}</li>")
        parts.append("</ul>")
        text.append("")
    text += [f"{_say(lang, 'open')}: {base}/", "", why, f"{stop}: {unsubscribe}"]
    parts.append(f"<p><a href=\"{html.escape(base)}/\">{html.escape(_say(lang, 'open'))}</a></p>"
                 f"<p style=\"color:#4f5b6b;font-size:13px\">{html.escape(why)} "
                 f"<a href=\"{html.escape(unsubscribe)}\">{html.escape(stop)}</a></p>")
    page = (f"<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(subject)}</title>\n</head>\n<body>\n{''.join(parts)}\n</body>\n</html>\n")
    message.attach(MIMEText("\n".join(text), "plain", "utf-8"))
    message.attach(MIMEText(page, "html", "utf-8"))
    return message


def _encoded(value: str, header: str) -> str:
    """A header value as RFC 2047 wants it: ASCII folded at spaces; anything else as base64 encoded words of
    at most 75 characters, each holding whole characters and its own spaces, one to a folded line."""
    from email.header import Header

    if value.isascii():
        return Header(value, "us-ascii", header_name=header).encode(linesep="\r\n")
    words, chunk = [], ""
    for char in value:
        if len((chunk + char).encode()) > 45:  # 45 bytes are 60 base64 characters, 72 with =?utf-8?b?…?=
            words.append(chunk)
            chunk = ""
        chunk += char
    words.append(chunk)
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(word.encode()).decode()}?=" for word in words)


def list_id(address: str) -> str:
    """RFC 2919's list identifier: a label under the sender's domain."""
    domain = address.rpartition("@")[2] or "localhost"
    return f"notifications.{re.sub(r'[^A-Za-z0-9.-]', '-', domain)}"


def wire(message: Message) -> bytes:
    """The mail's bytes as sent, once its headers pass `check_headers` (else HeaderRefused)."""
    data = message.as_bytes(policy=SMTP_POLICY)
    check_headers(data, {name: 1 for name in HEADERS})
    return data


def deliver(message: Message, recipient: str) -> None:
    """The checked bytes to exactly `recipient`: locally to the devserver's SMTP server, in production
    through Amazon SES (with an explicit Destination, so no header can add a recipient)."""
    data = wire(message)
    sender_address = sender()[1]
    server = smtp_server()
    if server:
        import smtplib

        with smtplib.SMTP(*server, timeout=10) as smtp:
            smtp.sendmail(sender_address, [recipient], data)
        return
    options = {"ConfigurationSetName": mail_configuration_set()} if mail_configuration_set() else {}
    _ses().send_email(FromEmailAddress=sender_address, Destination={"ToAddresses": [recipient]},
                      Content={"Raw": {"Data": data}}, **options)


@lru_cache(maxsize=1)
def _ses():
    import boto3  # only production's mail runs send through SES

    return boto3.client("sesv2")


def _send(person: dict, subject: str, sections: list[dict], kind: str, mode: str) -> str:
    """Compose and deliver one mail: "sent", "refused" (a header failed its check: it never will pass) or
    "failed" (the delivery failed: worth another try). Logged; never raises for one bad recipient."""
    import smtplib

    try:
        deliver(compose(person, subject, sections, kind, mode), person["email"])
        return "sent"
    except HeaderRefused as error:
        log.error("mail to %s refused: %s", person["id"], error)
        return "refused"
    except (OSError, smtplib.SMTPException) as error:
        log.error("mail to %s not delivered: %s", person["id"], error)
    except Exception as error:  # botocore's ClientError and its kin: one bad recipient never stops a run
        if type(error).__module__.startswith("botocore"):
            log.error("mail to %s not delivered: %s", person["id"], error)
        else:
            raise
    return "failed"


def _caller(person: dict) -> dict:
    return {"id": person["id"], "name": person.get("name", person["id"]), "roles": list(person.get("roles") or ["employee"])}


def _line(lang: str, item: dict) -> dict:
    title = f"”{one_line(item.get('title') or (item.get('group') or {}).get('name') or '', 120)}”"
    key = "report-decided" if item["kind"] == "report" and item.get("outcome") else item["kind"]
    text = _say(lang, key, actor=one_line(item["actor"]["name"], 100), title=title)
    if item.get("others"):
        text += _say(lang, "others", n=item["others"])
    url = item.get("url") or (f"/feed/post/?id={item['post']}" if item.get("post") else None) \
        or (f"/groups/group/?id={item['group']['id']}" if item.get("group") else "/notifications/")
    return {"text": text, "url": url}


def queue_due(now_ms: int | None = None) -> int:
    """The scheduled part of at-once mail: the queued mails whose wait is over, as work units of
    MAIL_UNIT (at most DUE_PAGES pages a run; the next minute takes the rest). A mail queued twice (a
    unit not yet run when the next minute comes) still goes once: its unit takes it first."""
    now_ms = now_ms or int(time.time() * 1000)
    due, after = [], None
    for _ in range(DUE_PAGES):
        page, after = store.query(keys.MAIL_QUEUE, "", 100, after=after, newest_first=False)
        due += [entry for entry in page if int(entry["SK"].split("#", 1)[0]) <= now_ms]
        if after is None or len(due) < len(page):
            break
    entries = [{"SK": e["SK"], "personId": e["personId"], "kind": e["kind"], "subject": e["subject"]} for e in due]
    units = [{"entries": part} for part in work_queue.chunks(entries, MAIL_UNIT)]
    return work_queue.put("mail_now", units)


def send_now_unit(entries: list[dict], now_ms: int | None = None) -> dict:
    """One unit of at-once mail: each entry is taken from the queue first (so it goes at most once, even
    when the unit runs twice), then sent if its notification is still unread. A mail that cannot go is
    held aside (`MAILHELD`), not lost."""
    now_ms = now_ms or int(time.time() * 1000)
    sent = held = 0
    for entry in entries:
        taken = store.take({"PK": keys.MAIL_QUEUE, "SK": entry["SK"]})
        if taken is None:
            continue  # another run took it
        person = store.get(keys.person(taken["personId"]))
        if not person or not person.get("email") or notifications.mail_mode(person, taken["kind"]) != "now" \
                or person.get("mailSuppressed"):
            continue
        listed = notifications.list_for(_caller(person))["notifications"]
        item = next((n for n in listed if n["id"] == f"{taken['kind']}.{taken['subject']}" and n["unread"]), None)
        if item is None:
            continue  # seen on the site meanwhile (or not visible any more): no mail
        lang = person.get("lang") or "sv"
        line = _line(lang, item)
        if _send(person, line["text"], [{"items": [line]}], taken["kind"], "now") == "sent":
            sent += 1
        else:
            held += 1
            store.put({**taken, **keys.mail_held(taken["SK"]), "heldAt": now_ms,
                       keys.TTL_ATTRIBUTE: now_ms // 1000 + HELD_DAYS * 86400})
    return {"sent": sent, "held": held}


def _week_news(now: datetime) -> list[dict]:
    page, _ = store.query(keys.ARTICLES, "", 60, index=keys.GSI1)
    since = (now - timedelta(days=7)).isoformat()
    recent = [meta for meta in page if meta.get("published") and meta.get("date", "") >= since[:10]
              and "/news/" in meta.get("url", "")]
    # Each article's readers counted once per unit (one small Query each), not again for every person.
    counted = [{**meta, "readers": reach.readers_of(meta)} for meta in recent]
    return sorted(counted, key=lambda meta: -meta["readers"])[:3]


def _week_newcomers(now: datetime) -> list[dict]:
    """Who started in the last seven days (the directory's start dates; those who opted out are not listed):
    one or two small Queries a unit."""
    since = (now - timedelta(days=6)).date()
    months = sorted({since.strftime("%Y-%m"), now.strftime("%Y-%m")})
    found = [person for month in months for person in people_store.listed("START", month, 100)[0]]
    return [person for person in found if since.isoformat() <= person.get("startDate", "")[:10] <= now.date().isoformat()]


def _for(person: dict, articles: list[dict]) -> list[dict]:
    """The articles meant for this person: those without an audience and those whose audience they are in
    (their directory groups are read only when an article names a group)."""
    targeted = [(meta, audiences.parse(meta.get("audience"))) for meta in articles]
    if not any(rules for _, rules in targeted):
        return articles
    groups = any(key == "group" for _, rules in targeted for key, _ in rules)
    known = directory_store.facts_of(person) if groups else audiences.facts(person)
    return [meta for meta, rules in targeted if audiences.matches(rules, known)]


def _owed(person: dict, page: list[dict]) -> list[dict]:
    page = _for(person, page)
    required = [meta for meta in page if meta.get("ackRequired") and meta.get("published")]
    if not required:
        return []
    acks = store.get_each([keys.ack(meta["targetId"], person["id"]) for meta in required])
    return [meta for meta, ack in zip(required, acks, strict=True) if (ack or {}).get("version") != meta.get("ackVersion")]


def digest(period: str = "daily", now: datetime | None = None) -> dict:
    """The scheduled part of the daily (or weekly) digest: everyone, as work units of DIGEST_UNIT people
    (only ids are read here; at 10,000 people that is 20 small Queries and 40 SendMessageBatch calls)."""
    if period not in ("daily", "weekly"):
        raise ValidationFailed("period: daily or weekly", field="period")
    now = now or datetime.now(UTC)
    units = []
    for ids in people_store.id_pages():
        units += [{"period": period, "day": now.date().isoformat(), "now": now.isoformat(), "ids": part}
                  for part in work_queue.chunks(ids, DIGEST_UNIT)]
    return {"period": period, "people": sum(len(unit["ids"]) for unit in units),
            "units": work_queue.put("digest", units)}


def _digest_sections(person: dict, period: str, news: list[dict], articles_page: list[dict],
                     newcomers: list[dict] = ()) -> list[dict]:
    """What one person's digest holds; [] when they get none or there is nothing new for them."""
    kinds = {kind for kind in notifications.KINDS if notifications.mail_mode(person, kind) == period}
    if not kinds or not person.get("email") or person.get("mailSuppressed") or not people_store.active(person):
        return []
    lang = person.get("lang") or "sv"
    unread = [n for n in notifications.list_for(_caller(person))["notifications"] if n["unread"] and n["kind"] in kinds]
    owed = _owed(person, articles_page)
    newcomers = [other for other in newcomers if other["id"] != person["id"]]
    if not unread and not owed and not newcomers:
        return []  # nothing new for this person: no mail at all
    sections = []
    if unread:
        sections.append({"title": _say(lang, "unread"), "items": [_line(lang, n) for n in unread]})
    news = _for(person, news)
    if news:
        sections.append({"title": _say(lang, "news"), "items": [
            {"text": meta.get("title", ""), "url": meta.get("url", "/"),
             "meta": _say(lang, "readers", n=meta["readers"])} for meta in news]})
    if owed:
        sections.append({"title": _say(lang, "acks"), "items": [
            {"text": meta.get("title", ""), "url": meta.get("url", "/")} for meta in owed]})
    if newcomers:
        sections.append({"title": _say(lang, "newcomers"), "items": [
            {"text": other["name"], "url": f"/people/person/?id={other['id']}", "meta": other.get("title") or ""}
            for other in newcomers]})
    return sections


class DeliveryFailed(Exception):
    """Some mails of a unit could not be delivered; the unit runs again for those people only."""


def digest_unit(period: str, day: str, ids: list[str], now_iso: str) -> dict:
    """One unit of a digest: up to DIGEST_UNIT people. A marker per person and period is written before
    the mail goes, so a unit that runs again (a timeout, a retry) never sends anyone a second digest; a
    delivery that failed takes its marker back and fails the unit, so the retry reaches that person."""
    now = datetime.fromisoformat(now_iso)
    news = _week_news(now)
    newcomers = _week_newcomers(now) if period == "weekly" else []
    articles_page, _ = store.query(keys.ARTICLES, "", 60, index=keys.GSI1)
    sent = refused = 0
    failed = []
    for person in store.get_each([keys.person(person_id) for person_id in ids]):
        sections = _digest_sections(person, period, news, articles_page, newcomers) if person else []
        if not sections:
            continue
        marker = {**keys.digest_sent(person["id"], period, day), keys.TTL_ATTRIBUTE: int(now.timestamp()) + 8 * 86400}
        if not store.put(marker, condition="attribute_not_exists(PK)"):
            continue  # this unit ran before and sent it
        outcome = _send(person, _say(person.get("lang") or "sv", period), sections, "digest", period)
        if outcome == "sent":
            sent += 1
        elif outcome == "refused":
            refused += 1  # it would be refused again: the marker stays
        else:
            store.delete(keys.digest_sent(person["id"], period, day))
            failed.append(person["id"])
    if failed:
        raise DeliveryFailed(f"{len(failed)} of {len(ids)} digests not delivered")
    return {"sent": sent, "refused": refused}


def suppress(address: str) -> int:
    """A bounce or complaint for an address: that person gets no more mail (SES events)."""
    found, after, turned = [], None, 0
    while True:
        page, after = store.query(keys.PEOPLE, "", 1000, after=after, newest_first=False, index=keys.GSI1,
                                  only=("id", "email"))  # at 10,000 people: 10 small Queries
        found += [person for person in page if (person.get("email") or "").lower() == address.lower()]
        if after is None:
            break
    for person in found:
        store.update(keys.person(person["id"]), "SET #s = :yes", {"#s": "mailSuppressed"}, {":yes": True})
        turned += 1
    return turned
