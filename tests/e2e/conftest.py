"""The devserver as a newcomer runs it, and Debian's Chromium driven by Playwright."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
# A busy machine (test workers side by side on two cores) can take more than Playwright's default 5 s to show
# what a page shows at once on an idle one; a passing test never waits for this.
expect.set_options(timeout=15_000)
CHROMIUM = "/usr/bin/chromium"
# Chromium's own look-ups of Google hosts go nowhere on a closed network.
QUIET_FLAGS = [
    "--gaia-url=http://127.0.0.1:9",
    "--component-updater=url-source=http://127.0.0.1:9",
    "--autofill-server-url=http://127.0.0.1:9/",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": QUIET_FLAGS}


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
