"""E-mail: at once only for what is still unread, digests of exactly the unread, one-click unsubscribe,
headers no name can add to; delivered to a real SMTP server (the devserver's) and read back as .eml."""

import base64
import email
import email.policy
import json
import re
import time
from datetime import UTC, datetime

import pytest

from tests.conftest import body


@pytest.fixture
def smtp(tmp_path, monkeypatch):
    from devserver import mailbox

    controller, box, port = mailbox.start(str(tmp_path / "mail"))
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("MAIL_DELAY_SECONDS", "0")
    yield box
    controller.stop()


def send_due(now_ms=None) -> int:
    """The minute's run of at-once mail: queued as work units, then the units run (as the work function would)."""
    from chalicelib import jobs, mail

    mail.queue_due(now_ms)
    return jobs.drain()["sent"]


def digest(period="daily", now=None):
    """A digest night: the scheduled part, then every unit it queued; the units' summed counts."""
    from chalicelib import jobs, mail

    mail.digest(period, now)
    return jobs.drain()


def mails(box) -> list:
    return [box.read(name) for name in box.names()]


def mention(author, text="Hej @sara.nilsson, kan du titta?"):
    return author.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": text}))


def test_a_mention_sends_one_mail_at_once(sara, karin, smtp):

    assert mention(karin).status_code == 201
    assert send_due() == 1
    [message] = mails(smtp)
    assert str(message["To"]) == "Sara Nilsson <sara.nilsson@x.example>"
    assert message["Subject"] == "Karin Ek nämnde dig i ”Open”"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/api/mail/unsubscribe?t=" in message["List-Unsubscribe"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://127.0.0.1:8000/news/open-thread/" in text
    assert send_due() == 0  # sent once


def test_a_notification_seen_on_the_site_sends_no_mail(sara, karin, smtp):

    mention(karin)
    assert sara.send("POST", "/api/notifications/read", '{"all": true}').status_code == 200
    assert send_due() == 0
    assert mails(smtp) == []


def test_an_at_once_mail_waits_for_its_delay(sara, karin, smtp, monkeypatch):

    monkeypatch.setenv("MAIL_DELAY_SECONDS", "180")
    mention(karin)
    assert send_due() == 0
    assert send_due(int(time.time() * 1000) + 181_000) == 1


def test_the_daily_digest_holds_exactly_the_unread(sara, karin, people, smtp):

    lars = people("lars.holm", "Lars Holm")
    post = body(sara.send("POST", "/api/posts", json.dumps({"text": "Fika i Storliden?"})))
    for reactor in (karin, lars):
        reactor.send("PUT", f"/api/reactions/post:{post['id']}/like")
    comment = body(sara.send("POST", "/api/threads/article:open-thread/comments", '{"text": "Bra!"}'))
    karin.send("PUT", f"/api/reactions/comment:{comment['id']}/heart")
    notes = body(sara.get("/api/notifications"))["notifications"]
    assert {n["kind"] for n in notes} == {"reaction"} and len(notes) == 2
    seen = next(n for n in notes if n["subject"].startswith("comment:"))
    sara.send("POST", "/api/notifications/read", json.dumps({"ids": [seen["id"]]}))
    result = digest("daily", datetime.now(UTC))
    assert result["sent"] == 1  # Karin and Lars have nothing unread: no mail for them
    [message] = mails(smtp)
    assert message["Subject"] == "Din dag på Torget" and "Sara" in str(message["To"])
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert text.count("reagerade på") == 1 and "(och 1 till)" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Fika i Storliden?" in html


def test_unsubscribe_turns_the_kind_off_and_a_bad_token_changes_nothing(sara, karin, smtp, client):

    mention(karin)
    send_due()
    [message] = mails(smtp)
    link = message["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    page = client.http.request("GET", link)
    assert page.status_code == 200 and b"<form method=\"post\"" in page.body
    assert body(sara.get("/api/notifications"))["mail"]["mention"] == "now"  # a GET changes nothing
    # The one-click POST a mail provider makes: form-encoded, no session, no CSRF header.
    done = client.http.request("POST", link, body=b"List-Unsubscribe=One-Click",
                               headers={"content-type": "application/x-www-form-urlencoded"})
    assert done.status_code == 200
    assert body(sara.get("/api/notifications"))["mail"]["mention"] == "off"
    mention(karin, "Igen @sara.nilsson")
    assert send_due() == 0
    for bad in ("x" * 30, link.split("t=")[1][:-3] + "AAA", ""):
        response = client.http.request("POST", f"/api/mail/unsubscribe?t={bad}", body=b"")
        assert response.status_code == 400


def test_a_name_with_line_breaks_makes_no_extra_header(people, karin, smtp):

    people("sara.nilsson", "Sara\r\nBcc: everyone@evil.example")
    mention(karin)
    assert send_due() == 1
    raw = (smtp.folder + "/" + smtp.names()[0])
    message = email.message_from_binary_file(open(raw, "rb"), policy=email.policy.default)
    assert message["Bcc"] is None and "evil" not in "".join(k for k in message.keys())
    assert [k for k in message.keys() if k.lower() == "to"] == ["To"]


def test_mail_settings_are_per_kind_and_checked(sara):
    response = sara.send("PATCH", "/api/me", json.dumps({"mail": {"reaction": "weekly", "mention": "off"}}))
    assert response.status_code == 200
    assert body(sara.get("/api/notifications"))["mail"] == {"reply": "now", "mention": "off", "reaction": "weekly",
                                                            "post": "daily", "request": "daily", "review": "now", "report": "now"}
    bad = sara.send("PATCH", "/api/me", json.dumps({"mail": {"reaction": "hourly"}, "lang": "en"}))
    assert bad.status_code == 400
    assert body(sara.get("/api/me"))["lang"] != "en"  # nothing written


def test_a_report_mails_the_moderators_at_once_and_the_reporter_hears_the_decision(sara, karin, people, smtp):

    jonas = people("jonas.berg", "Jonas Berg")
    moderator = people("maria.k", "Maria K", roles=("employee", "moderator"))
    comment = body(jonas.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "Köp klockor"})))
    target = f"comment:{comment['id']}"
    assert sara.send("POST", "/api/reports", json.dumps({"target": target, "reason": "spam"})).status_code == 201
    assert send_due() == 2  # the moderator and the admin, Karin
    subjects = sorted(message["Subject"] for message in mails(smtp))
    assert subjects == ["Sara Nilsson anmälde ”Köp klockor” till moderatorerna"] * 2
    decided = moderator.send("POST", "/api/moderation/decisions", json.dumps({"target": target, "decision": "keep"}))
    assert decided.status_code == 200
    assert send_due() == 1
    subjects = [message["Subject"] for message in mails(smtp)]
    assert len(subjects) == 3 and "Maria K har avgjort din anmälan av ”Köp klockor”" in subjects


# An RFC 2047 encoded word is printable ASCII, so it passes every line-break filter; the email package
# decodes it when the header is set and, before CVE-2024-6923's fix, writes the CR LF it holds.
INJECTION = "=?utf-8?q?x=0D=0ABcc:_spy@attacker.example?="
OURS = {"from", "to", "subject", "date", "message-id", "list-id", "list-unsubscribe", "list-unsubscribe-post", "mime-version",
        "content-type"}


def wire_headers(smtp, name: str) -> tuple[bytes, set]:
    """A delivered mail's header section as it came over SMTP, and the header names in it (unfolded)."""
    with open(f"{smtp.folder}/{name}", "rb") as source:
        head = source.read().replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names = {line.split(b":", 1)[0].decode().lower() for line in head.split(b"\n") if line[:1] not in (b" ", b"\t")}
    return head, names


def assert_one_clean_mail(smtp, recipient: str) -> None:
    [name] = smtp.names()
    head, names = wire_headers(smtp, name)
    assert names == OURS, head
    assert b"attacker" not in head.lower().replace(b"= ?", b"") or b"\nbcc" not in head.lower(), head
    assert not [line for line in head.split(b"\n") if line.lower().startswith(b"bcc")], head
    assert smtp.recipients[name] == [recipient]


def test_an_encoded_word_in_a_post_adds_no_recipient(sara, people, smtp):

    people("johan.lind", "Johan Lind")
    assert sara.send("POST", "/api/posts", json.dumps({"text": f"{INJECTION} hej @johan.lind"})).status_code == 201
    assert send_due() == 1
    assert_one_clean_mail(smtp, "johan.lind@x.example")


def test_an_encoded_word_in_a_comment_adds_no_recipient(sara, karin, smtp):

    assert mention(karin, f"{INJECTION} @sara.nilsson {INJECTION}").status_code == 201
    assert send_due() == 1
    assert_one_clean_mail(smtp, "sara.nilsson@x.example")


def test_an_encoded_word_in_an_article_title_adds_no_recipient(sara, karin, smtp):
    from chalicelib import targets

    targets.register_articles({"articles": [{"id": "article:rubrik", "title": f"{INJECTION} Rubrik", "url": "/news/rubrik/",
                                             "date": "2026-11-20T08:00:00+01:00", "author": "Karin Ek", "summary": "s",
                                             "comments": True}]})
    text = json.dumps({"text": "Titta @sara.nilsson"})
    assert karin.send("POST", "/api/threads/article:rubrik/comments", text).status_code == 201
    assert send_due() == 1
    assert_one_clean_mail(smtp, "sara.nilsson@x.example")
    message = mails(smtp)[0]
    assert message["Subject"].endswith("Rubrik”") and "=?" not in message["Subject"]


def test_an_encoded_word_in_a_display_name_adds_no_recipient(people, articles, smtp):

    people("sara.nilsson", f"Sara {INJECTION}")  # the recipient's name, in To:
    karin = people("karin.ek", f"{INJECTION} Karin")  # the actor's name, in Subject:
    assert mention(karin).status_code == 201
    assert send_due() == 1
    assert_one_clean_mail(smtp, "sara.nilsson@x.example")


def test_a_refused_mail_is_held_and_the_run_goes_on(sara, karin, people, smtp, monkeypatch):
    from chalicelib import mail, store

    people("lars.holm", "Lars Holm")
    mention(karin, "Hej @sara.nilsson och @lars.holm")
    real = mail.check_headers

    def refuse_sara(data, expected):
        if b"sara.nilsson@" in data.split(b"\r\n\r\n", 1)[0]:
            raise mail.HeaderRefused("test")
        real(data, expected)

    monkeypatch.setattr(mail, "check_headers", refuse_sara)
    assert send_due() == 1  # Lars's went; Sara's was refused, and the run did not stop
    [name] = smtp.names()
    assert smtp.recipients[name] == ["lars.holm@x.example"]
    held, _ = store.query("MAILHELD", "", 10)
    assert [item["personId"] for item in held] == ["sara.nilsson"]
    assert store.query("MAILQ", "", 10)[0] == []


def test_a_failed_delivery_is_tried_again_and_nobody_gets_a_digest_twice(sara, karin, people, smtp, monkeypatch):
    from chalicelib import jobs, work_queue

    lars = people("lars.holm", "Lars Holm")
    for person in (sara, lars):
        person.send("PATCH", "/api/me", json.dumps({"mail": {"reaction": "daily"}}))
    for author in (sara, lars):
        post = body(author.send("POST", "/api/posts", json.dumps({"text": "Fika?"})))
        karin.send("PUT", f"/api/reactions/post:{post['id']}/like")
    import smtplib

    real = smtplib.SMTP.sendmail
    tries = []

    def bounce_lars(self, sender, recipients, data, *args, **kwargs):
        if recipients == ["lars.holm@x.example"]:
            tries.append(recipients)
            raise smtplib.SMTPRecipientsRefused({"lars.holm@x.example": (550, b"no such user")})
        return real(self, sender, recipients, data, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "sendmail", bounce_lars)
    result = digest("daily")
    # Sara and Lars share a unit. It failed for Lars and was offered again twice (three receives, the
    # queue's redrive policy), then set aside; Sara's digest went once though her unit ran three times.
    assert len(tries) == 3 and result["dead"] == 1
    assert [smtp.recipients[name] for name in smtp.names()] == [["sara.nilsson@x.example"]]
    # Lars's mailbox works again and the operator redrives the dead-letter queue: Lars gets his, Sara
    # still only the one; the whole night run again (EventBridge retrying) sends nobody a second one.
    monkeypatch.setattr(smtplib.SMTP, "sendmail", real)
    work_queue.PENDING.extend((unit, 0) for unit in jobs.DEAD)
    jobs.DEAD.clear()
    assert jobs.drain()["sent"] == 1
    assert digest("daily")["sent"] == 0
    assert sorted(smtp.recipients[name][0] for name in smtp.names()) == ["lars.holm@x.example", "sara.nilsson@x.example"]


def test_a_digest_night_is_cut_into_units_that_run_in_any_order(sara, karin, people, smtp):
    """35 people get one digest each: 2 units of 25 and 10, run in reverse order and one of them twice."""
    from chalicelib import jobs, mail, work_queue

    everyone = [people(f"p{n:02d}.test", f"Person {n:02d}") for n in range(33)]
    for person in [sara, *everyone]:
        person.send("PATCH", "/api/me", json.dumps({"mail": {"reaction": "daily"}}))
        post = body(person.send("POST", "/api/posts", json.dumps({"text": "Hej"})))
        karin.send("PUT", f"/api/reactions/post:{post['id']}/like")
    scheduled = mail.digest("daily")
    assert scheduled["people"] == 35 and scheduled["units"] == 2  # Karin too; she has nothing unread
    units = list(work_queue.PENDING)
    assert sorted(len(json.loads(unit)["ids"]) for unit, _ in units) == [10, 25]
    work_queue.PENDING.clear()
    work_queue.PENDING.extend(reversed(units + units[:1]))
    assert jobs.drain()["sent"] == 34
    recipients = [smtp.recipients[name][0] for name in smtp.names()]
    assert len(recipients) == len(set(recipients)) == 34


def test_check_headers_reads_the_wire():
    from chalicelib import mail

    good = b"From: a@x\r\nTo: b@x\r\n folded\r\n\r\nbody"
    mail.check_headers(good, {"From": 1, "To": 1})
    for bad in (b"From: a@x\r\nTo: b@x\r\nBcc: c@x\r\n\r\nbody", b"From: a@x\nBcc: c@x\r\nTo: b@x\r\n\r\nbody",
                b"From: a@x\r\nTo: b@x\rBcc: c@x\r\n\r\nbody", b"From: a@x\r\nTo: b@x\r\nnot a header\r\n\r\nx"):
        with pytest.raises(mail.HeaderRefused):
            mail.check_headers(bad, {"From": 1, "To": 1})
    assert mail.header_text(INJECTION + " hej") == "x Bcc: spy@attacker.example hej"
    nested = mail.header_text("=?utf-8?q?=3D=3Futf-8=3Fq=3Fy=0D=0ABcc:_z@x=3F=3D?=")
    assert "=?" not in nested and "\n" not in nested and "\r" not in nested
    assert "=?" not in mail.header_text("=?bogus-charset?q?x=0D=0A?= =?x?")


def test_ses_gets_the_recipient_explicitly_never_from_headers(sara, karin, monkeypatch):
    # In production the checked bytes go to SES with a Destination: SES never reads recipients from headers.
    from botocore.stub import ANY, Stubber
    from chalicelib import mail

    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.setenv("MAIL_DELAY_SECONDS", "0")
    monkeypatch.setenv("MAIL_CONFIGURATION_SET", "torget")
    mail._ses.cache_clear()
    ses = mail._ses()
    with Stubber(ses) as stub:
        stub.add_response("send_email", {"MessageId": "1"}, {
            "FromEmailAddress": "torget@localhost", "Destination": {"ToAddresses": ["sara.nilsson@x.example"]},
            "Content": {"Raw": {"Data": ANY}}, "ConfigurationSetName": "torget"})
        assert mention(karin, f"{INJECTION} @sara.nilsson").status_code == 201
        assert send_due() == 1
        stub.assert_no_pending_responses()
    mail._ses.cache_clear()


# RFC 2047 read by hand (not through the email package that wrote the mail): each encoded word decoded on
# its own, the white space between two adjacent encoded words dropped, every other character kept.
WORD = re.compile(rb"=\?([^?]+)\?([bBqQ])\?([^?]*)\?=")


def rfc2047(value: bytes) -> str:
    out, last_end, last_was_word = [], 0, False
    for match in WORD.finditer(value):
        between = value[last_end:match.start()]
        if not (last_was_word and between.strip() == b""):
            out.append(between.decode("ascii"))
        charset, kind, text = match.group(1).decode(), match.group(2).upper(), match.group(3)
        raw = base64.b64decode(text) if kind == b"B" else re.sub(
            rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), text.replace(b"_", b" "))
        out.append(raw.decode(charset))
        last_end, last_was_word = match.end(), True
    out.append(value[last_end:].decode("ascii"))
    return "".join(out)


def wire_header(smtp, name: str, header: str) -> bytes:
    """One header's value from the wire bytes, its folds undone (CRLF before white space removed)."""
    with open(f"{smtp.folder}/{name}", "rb") as source:
        head = source.read().split(b"\r\n\r\n", 1)[0]
    unfolded = re.sub(rb"\r\n(?=[ \t])", b"", head)
    [value] = [line.split(b":", 1)[1].strip() for line in unfolded.split(b"\r\n")
               if line.split(b":", 1)[0].lower() == header.lower().encode()]
    return value


def test_one_click_unsubscribe_and_the_list_id_are_on_the_wire_as_the_rfcs_write_them(sara, karin, smtp):

    mention(karin)
    assert send_due() == 1
    [name] = smtp.names()
    # RFC 2369: a URL in angle brackets; RFC 8058: the POST header beside it. No encoded words.
    assert re.fullmatch(rb"<http://127\.0\.0\.1:8000/api/mail/unsubscribe\?t=[A-Za-z0-9_-]+>",
                        wire_header(smtp, name, "List-Unsubscribe"))
    assert wire_header(smtp, name, "List-Unsubscribe-Post") == b"List-Unsubscribe=One-Click"
    # RFC 2919: a phrase and a dotted identifier in angle brackets.
    assert wire_header(smtp, name, "List-Id") == b"Torget <notifications.localhost>"


@pytest.mark.parametrize("title", [
    "Umeå är vackert i december, och Storliden är i drift igen efter stormen",
    "Tre saker jag lärde mig i Storliden – om säkerhet, väder och kaffe",
    "Å Ä Ö å ä ö — ”citat” och 10 000 kr",
])
def test_subjects_keep_every_space_on_the_wire(sara, karin, smtp, title):
    from chalicelib import targets

    targets.register_articles({"articles": [{"id": "article:lang", "title": title, "url": "/news/lang/", "summary": "s",
                                             "date": "2026-11-20T08:00:00+01:00", "author": "Karin Ek", "comments": True}]})
    karin.send("POST", "/api/threads/article:lang/comments", json.dumps({"text": "Titta @sara.nilsson"}))
    assert send_due() == 1
    [name] = smtp.names()
    raw = wire_header(smtp, name, "Subject")
    assert all(len(word.group(0)) <= 75 for word in WORD.finditer(raw))  # RFC 2047's limit per encoded word
    assert rfc2047(raw) == f"Karin Ek nämnde dig i ”{title}”"


def test_subjects_are_plain_text_without_markdown(sara, people, smtp):

    people("johan.lind", "Johan Lind")
    text = "**Driftplanen** för _december_ är klar: [läs](https://example.com/) @johan.lind"
    assert sara.send("POST", "/api/posts", json.dumps({"text": text})).status_code == 201
    assert send_due() == 1
    subject = rfc2047(wire_header(smtp, smtp.names()[0], "Subject"))
    assert "Driftplanen för december är klar: läs @johan.lind" in subject, subject
    assert "*" not in subject and "](" not in subject


def test_the_html_part_passes_the_nu_html_checker(sara, karin, people, smtp, tmp_path):
    # The W3C's Nu Html Checker (vnu.jar, from npm), on the HTML part of an at-once mail and of a digest.
    import subprocess
    from pathlib import Path


    mention(karin, "Hej @sara.nilsson <b>&</b> \"citat\"")
    assert send_due() == 1
    sara.send("PATCH", "/api/me", json.dumps({"mail": {"reaction": "daily"}}))
    post = body(sara.send("POST", "/api/posts", json.dumps({"text": "Fika?"})))
    karin.send("PUT", f"/api/reactions/post:{post['id']}/like")
    assert digest("daily")["sent"] == 1
    files = []
    for number, message in enumerate(mails(smtp)):
        page = message.get_body(preferencelist=("html",))
        assert page is not None
        path = tmp_path / f"mail-{number}.html"
        path.write_bytes(page.get_payload(decode=True))
        files.append(str(path))
    vnu = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
    checked = subprocess.run(["java", "-jar", str(vnu), "--format", "json", *files], capture_output=True, text=True, timeout=120)
    messages = json.loads(checked.stderr or "{}").get("messages", [])
    assert len(files) == 2 and messages == [], messages


def test_the_weekly_digest_names_the_weeks_new_colleagues_to_those_who_chose_weekly(sara, karin, smtp, settings_env):
    from datetime import timedelta

    settings_env(SCIM_TOKEN="scim-mail-token-0123456789")
    scim = {"authorization": "Bearer scim-mail-token-0123456789", "content-type": "application/scim+json"}
    now = datetime.now(UTC)
    for name, started in [("Nora Ny", now - timedelta(days=2)), ("Olle Tidigare", now - timedelta(days=20))]:
        given = name.split()[0]
        made = sara.client.http.post("/api/scim/v2/Users", headers=scim, body=json.dumps({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:torget:params:scim:schemas:extension:2.0:User"],
            "userName": f"{given.lower()}@x.example", "displayName": name, "title": "Tekniker",
            "urn:torget:params:scim:schemas:extension:2.0:User": {"startDate": started.date().isoformat()}}).encode())
        assert made.status_code == 201, made.body
    sara.send("PATCH", "/api/me", json.dumps({"mail": {"reaction": "weekly"}}))
    assert digest("weekly", now)["sent"] == 1  # Sara chose a weekly digest; Karin did not
    [message] = mails(smtp)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Nya kolleger – säg välkommen" in text and "Nora Ny" in text and "Olle Tidigare" not in text
    assert "/people/person/?id=nora" in text
