"""A real SMTP server on this machine for the mail Torget sends (aiosmtpd): every message is kept
as an .eml file under .torget/mail/ and listed at /_devserver/mail/."""

import email
import email.policy
import html
import os
import re
import time

NAME = re.compile(r"^[0-9]{17}-[0-9]{4}\.eml$")


class Mailbox:
    def __init__(self, folder: str):
        self.folder = folder
        self.count = 0
        self.recipients: dict[str, list[str]] = {}  # file name → the envelope's RCPT TO, for tests
        os.makedirs(folder, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name for the handler
        self.count += 1
        name = f"{time.strftime('%Y%m%d%H%M%S')}{int(time.time() * 1000) % 1000:03d}-{self.count % 10000:04d}.eml"
        path = os.path.join(self.folder, name)
        with open(path + ".part", "wb") as target:
            target.write(envelope.original_content or envelope.content)
            target.flush()
            os.fsync(target.fileno())
        os.replace(path + ".part", path)
        self.recipients[name] = list(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def names(self) -> list[str]:
        return sorted((name for name in os.listdir(self.folder) if NAME.match(name)), reverse=True)

    def read(self, name: str):
        if not NAME.match(name) or not os.path.exists(os.path.join(self.folder, name)):
            return None
        with open(os.path.join(self.folder, name), "rb") as source:
            return email.message_from_binary_file(source, policy=email.policy.default)

    def listing(self) -> str:
        """The page at /_devserver/mail/: newest first, with a button that sends today's digest now."""
        rows = []
        for name in self.names()[:200]:
            message = self.read(name)
            rows.append(f"<tr><td>{html.escape(str(message['Date'] or ''))}</td><td>{html.escape(str(message['To']))}</td>"
                        f"<td><a href=\"{name}\">{html.escape(str(message['Subject'] or '(no subject)'))}</a></td></tr>")
        table = ("<table><thead><tr><th>Date</th><th>To</th><th>Subject</th></tr></thead><tbody>" + "".join(rows)
                 + "</tbody></table>") if rows else "<p>No mail yet.</p>"
        return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                "<title>Mail Torget sent</title><body><h1>Mail Torget sent</h1>"
                f"<p>{len(self.names())} messages in {html.escape(self.folder)}.</p>"
                "<form method=\"post\" action=\"digest\"><button type=\"submit\">Send the daily digest now</button></form>"
                f"{table}</body></html>")

    def view(self, name: str) -> tuple[str, str] | None:
        """A message as its HTML part (shown sandboxed), or its text."""
        message = self.read(name)
        if message is None:
            return None
        part = message.get_body(preferencelist=("html", "plain"))
        content = part.get_content() if part else ""
        headers = "".join(f"<b>{key}:</b> {html.escape(str(value))}<br>" for key, value in message.items()
                          if key in ("From", "To", "Subject", "Date", "List-Unsubscribe"))
        if part is not None and part.get_content_type() == "text/html":
            return headers + "<hr>" + content, "text/html"
        return headers + "<hr><pre>" + html.escape(content) + "</pre>", "text/html"


def start(folder: str, port: int = 0):
    """Start the SMTP server on 127.0.0.1; return (controller, mailbox, port)."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox(folder)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port or _free_port())
    controller.start()
    return controller, mailbox, controller.port


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
