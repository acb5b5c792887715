"""The devserver as a newcomer runs it, and Debian's Chromium driven by Playwright."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Chromium's own look-ups of Google hosts go nowhere on a closed network.
QUIET_FLAGS = [
    "--gaia-url=http://127.0.0.1:9",
    "--component-updater=url-source=http://127.0.0.1:9",
    "--autofill-server-url=http://127.0.0.1:9/",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": QUIET_FLAGS}


class Devserver:
    def __init__(self, tmp: Path):
        self.port, self.idp_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / "devserver.log"
        env = {**os.environ, "PORT": str(self.port), "OIDC_PORT": str(self.idp_port), "TORGET_DATA_DIR": str(tmp / "data"),
               # The XSS test posts 134 comments as one person.
               "RATE_LIMIT_COMMENT": "1000"}
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devserver"], cwd=ROOT, env=env,
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        while "Torget is running at" not in self.log.read_text():
            if self.process.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError("devserver did not start:\n" + self.log.read_text())
            time.sleep(0.1)
        self.ready_seconds = time.perf_counter() - started

    def output(self) -> str:
        return self.log.read_text()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def devserver(tmp_path_factory):
    server = Devserver(tmp_path_factory.mktemp("devserver"))
    yield server
    server.stop()


@pytest.fixture
def context(context, devserver):
    # Only this machine's servers: the provider's page links a stylesheet on a public CDN.
    def local_only(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:")):
            return route.continue_()
        return route.abort()

    context.route("**/*", local_only)
    return context


def log_in(page, devserver, sub: str, path: str = "/"):
    """Open a page, get sent to login, pick a demo person at the provider, land back."""
    page.goto(devserver.url + path)
    page.wait_for_url("**/login/**")
    link = page.locator("a[data-widget=login-link]")
    if path != "/":
        expect(link).to_have_attribute("href", re.compile(r"next="))
    link.click()
    page.wait_for_url(f"http://127.0.0.1:{devserver.idp_port}/**")
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(devserver.url + path)
