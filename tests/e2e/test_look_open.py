"""Look at what people open, not only the pages: the bell panel, the search list while typing, the account
and phone menus, the share, report and delete dialogs, the reaction picker, a conversation with its message
menu, and the editor with text and preview; on a phone and a desktop, in light and dark. Each open view is
screenshotted (test-artifacts/look-open/) and must pass axe (colour contrast included) and the look checks,
show no text clipped without an ellipsis, link every name in feed, comments and chat to its profile, and
shift nothing after load (CLS ≤ 0.02).
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, log_in
from tests.e2e.test_browser import AXE
from tests.e2e.test_look import seen_problems

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts" / "look-open"
VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}

# Text cut off by its box: an element with its own text whose content is wider or taller than it shows,
# while it hides the overflow and no ellipsis says so.
CLIPPED = """() => {
  const shown = (node) => node.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const hides = (style) => ["hidden", "clip"].includes(style.overflowX) || ["hidden", "clip"].includes(style.overflowY);
  return [...document.querySelectorAll("body *")].filter((node) => {
    if (!shown(node) || node.closest(".visually-hidden, .skeleton")) return false;
    if (node.clientWidth <= 1 || node.clientHeight <= 1) return false; // hidden for the eye, kept for screen readers
    if (![...node.childNodes].some((child) => child.nodeType === 3 && child.textContent.trim())) return false;
    const style = getComputedStyle(node);
    if (!hides(style) || style.textOverflow === "ellipsis") return false;
    return node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 2;
  }).slice(0, 5).map((node) => node.tagName.toLowerCase() + "." + [...node.classList].join(".") +
    ` "${node.textContent.trim().slice(0, 30)}"`);
}"""

# Names in feed, comments and chat that are not a link to the person's profile.
UNLINKED = """() => [...document.querySelectorAll(".comment-head bdi, .message-head bdi, .post-head bdi")]
  .filter((name) => name.textContent.trim() && !name.closest("a.person-link[href*='people/person/?id=']"))
  .map((name) => name.textContent.trim()).slice(0, 5)"""

# Layout shift since the page began (buffered entries), as Chromium's Web Vitals count it.
SHIFT = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""


def settle(page):
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def bell(page, viewport):
    page.goto(base(page) + "/")
    settle(page)
    page.locator(".bell").click()
    expect(page.locator(".notification-panel .notification").first).to_be_visible()


def search(page, viewport):
    if viewport == "phone":
        page.goto(base(page) + "/search/")
        box = page.get_by_role("searchbox").last
    else:
        page.goto(base(page) + "/")
        box = page.locator("#site-search-q")
    settle(page)
    box.click()
    box.press_sequentially("vind")
    expect(page.locator(".search-results .search-articles a").first).to_be_visible()


def menu(page, viewport):
    page.goto(base(page) + "/")
    settle(page)
    page.locator(".menu-button" if viewport == "phone" else ".account-button").click()
    expect(page.locator(".account-menu .who")).to_be_visible()


def share_dialog(page, viewport):
    page.goto(base(page) + "/news/kontoret-byggs-om/")
    settle(page)
    page.get_by_role("button", name="Dela", exact=True).click()
    expect(page.get_by_role("dialog")).to_be_visible()


def report_dialog(page, viewport):
    page.goto(base(page) + "/news/torget-oppnar/")
    settle(page)
    others = page.locator("li.comment").filter(has=page.get_by_role("button", name="Anmäl")).first
    others.get_by_role("button", name="Anmäl").first.click()
    expect(page.locator("dialog.report-dialog")).to_be_visible()
    expect(page.locator("dialog.report-dialog input[type=radio]:checked")).to_have_count(0)  # nothing chosen for me


def reaction_picker(page, viewport):
    page.goto(base(page) + "/feed/")
    settle(page)
    page.locator(".feed-card .reaction-more").first.click()
    expect(page.locator(".feed-card .reaction-picker").first).to_be_visible()


def delete_dialog(page, viewport):
    page.goto(base(page) + "/feed/")
    settle(page)
    page.locator(".feed-card").filter(has=page.get_by_role("button", name="Ta bort")).first.get_by_role(
        "button", name="Ta bort").click()
    expect(page.locator("dialog.confirm-dialog")).to_be_visible()


def conversation(page, viewport):
    page.goto(base(page) + "/chat/")
    settle(page)
    page.locator(".room-list .room", has_text="Löparklubben").click()
    expect(page.locator(".chat-pane .message").first).to_be_visible()
    message = page.locator(".chat-pane .message:not(.mine)").last
    message.hover()
    message.locator(".message-menu-button").click()
    expect(message.locator(".message-menu")).to_be_visible()


def base(page) -> str:
    return "/".join(page.url.split("/")[:3])


OPEN = {"bell": bell, "search": search, "menu": menu, "share": share_dialog, "report": report_dialog,
        "reactions": reaction_picker, "delete": delete_dialog, "chat": conversation}
# What covers the page while it is open (its controls are the ones compared with each other).
OVER = {"bell": ".notification-panel", "search": ".search-results", "menu": ".account-menu", "share": "dialog[open]",
        "report": "dialog[open]", "reactions": ".reaction-picker:not([hidden])", "delete": "dialog[open]",
        "chat": ".chat-pane"}


def look_at(page, view: str, over: str | None) -> list[str]:
    page.screenshot(path=str(ARTIFACTS / f"{view}.png"))
    problems = []
    clipped = page.evaluate(CLIPPED)
    if clipped:
        problems.append(f"{view}: clipped text {clipped}")
    unlinked = page.evaluate(UNLINKED)
    if unlinked:
        problems.append(f"{view}: names not linked to a profile {unlinked}")
    page.evaluate(AXE)
    return problems + seen_problems(page, view, over)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_what_an_employee_opens_looks_right_on_a_phone_and_a_desktop(browser, devserver, scheme):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for viewport, (width, height) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
                      else route.abort())
        page = context.new_page()
        log_in(page, devserver, "sara.nilsson")
        for name, open_it in OPEN.items():
            open_it(page, viewport)
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
            over = None if viewport == "phone" and name in ("menu", "search") else OVER[name]
            problems += look_at(page, f"employee-{scheme}-{viewport}-{name}", over)
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/", "/news/torget-oppnar/", "/feed/", "/chat/", "/people/"])
def test_nothing_moves_after_a_page_has_loaded(browser, devserver, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, devserver, "sara.nilsson", path)
    page.reload()
    settle(page)
    shift = page.evaluate(SHIFT)
    context.close()
    assert shift <= 0.02, f"{path}: layout shift {shift:.3f}"


def test_a_name_shows_the_persons_card_on_hover_and_focus(browser, devserver):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, devserver, "sara.nilsson", "/feed/")
    name = page.locator(".feed-card a.person-link", has_text="Elin Forsberg").first
    name.hover()
    card = page.get_by_role("dialog", name="Elin Forsberg")
    expect(card).to_contain_text("Driftingenjör · Drift")
    expect(card.get_by_role("button", name="Skicka meddelande")).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    name.focus()  # the keyboard gets the same card
    expect(card).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(name).to_be_focused()  # Escape returns to the name, and the card stays closed there
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(card).to_be_visible()  # coming back to it by keyboard opens it again
    assert not look_at(page, "employee-light-desktop-hovercard", ".hovercard")
    context.close()
