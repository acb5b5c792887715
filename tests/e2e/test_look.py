"""Look at it: every page as an employee, an editor and an admin, in Swedish and English, on a phone,
a tablet and a desktop. Each view is screenshotted (test-artifacts/look/) and checked for what a person
would notice: stray "null"/"undefined"/"NaN"/"[object Object]" text, sideways scrolling, controls on top
of each other, targets under 24 × 24 CSS px (WCAG 2.2 2.5.8) and serious or critical axe violations.

One browser, one login per role; every page is loaded once per role and language, then looked at in each
viewport (resized in place, as a phone turned or a window dragged). The editor's and the admin's looks are
in test_look_editor.py and test_look_admin.py, so parallel test workers take one role each.
"""

import json
import re

import pytest
import requests

from tests.e2e.conftest import ROOT, log_in
from tests.e2e.test_browser import AXE

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts" / "look"
ROLES = {"employee": "sara.nilsson", "editor": "johan.lind", "admin": "karin.ek"}
VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 900)}
STRAY = re.compile(r"\b(null|undefined|NaN)\b|\[object Object\]")

# What a person sees on the page, as data: stray words, overflow, overlapping and small targets.
LOOK = """(within) => {
  // With a dialog or panel open, only its own controls count: what it covers is not there for the person.
  const scope = (within && document.querySelector(within)) || document.body;
  const width = document.documentElement.clientWidth;
  const shown = (node) => node.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && shown(node.parentElement) && node.textContent.trim()) texts.push(node.textContent.trim());
  }
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  const targets = [...scope.querySelectorAll(selector)].filter((node) => {
    if (!shown(node)) return false;
    const box = node.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  }).map((node) => ({ node, box: node.getBoundingClientRect(), rects: [...node.getClientRects()] }));
  const name = (node) => node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") +
    (node.className && typeof node.className === "string" ? "." + node.className.trim().split(/\\s+/).join(".") : "") +
    ` "${(node.textContent || node.getAttribute("aria-label") || "").trim().slice(0, 30)}"`;
  const overlaps = [];
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i], b = targets[j];
      if (a.node.contains(b.node) || b.node.contains(a.node)) continue;
      // Line boxes, not bounding boxes: a link that wraps onto the next line does not cover its neighbour.
      const hit = a.rects.some((r) => b.rects.some((q) =>
        Math.min(r.right, q.right) - Math.max(r.left, q.left) > 1 && Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top) > 1));
      if (hit) overlaps.push([name(a.node), name(b.node)]);
    }
  }
  // 2.5.8: a target under 24 × 24 passes when it is a link inside a line of text, or when a 24 px circle
  // around its centre touches no other target.
  const inline = (node) => getComputedStyle(node).display === "inline" &&
    (node.parentElement.textContent.trim().length > node.textContent.trim().length);
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const distance = ([x, y], box) =>
    Math.hypot(Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const small = targets.filter(({ node, box }) => (box.width < 23.5 || box.height < 23.5) && !inline(node))
    .filter(({ node, box }) => targets.some((other) => other.node !== node && !other.node.contains(node) &&
      !node.contains(other.node) && distance(centre(box), other.box) < 12))
    .map(({ node, box }) => `${name(node)} ${Math.round(box.width)}×${Math.round(box.height)}`);
  const wide = [...document.querySelectorAll("body *")].filter((node) => {
    const box = node.getBoundingClientRect();
    return shown(node) && box.width > 0 && box.right > width + 1 && getComputedStyle(node).position !== "fixed";
  }).slice(0, 5).map(name);
  return { texts, overlaps: overlaps.slice(0, 10), small: small.slice(0, 10),
           scrollWidth: document.documentElement.scrollWidth, width, wide };
}"""


def pages(devserver, token: str) -> dict:
    """Every page of the site, with real ids for the pages that show one thing."""
    cookies = {"torget_session": token}
    post = requests.get(devserver.url + "/api/feed", cookies=cookies, timeout=10).json()["items"]
    post_id = next(item["id"] for item in post if item["kind"] == "post")
    group = requests.get(devserver.url + "/api/groups", cookies=cookies, timeout=10).json()["groups"][0]["id"]
    return {
        "home": "/", "article": "/news/torget-oppnar/", "blog": "/blog/varfor-jag-bloggar/", "feed": "/feed/",
        "post": f"/feed/post/?id={post_id}", "groups": "/groups/", "group": f"/groups/group/?id={group}",
        "chat": "/chat/", "people": "/people/", "profile": "/people/person/?id=karin.ek", "org": "/people/org/",
        "department": "/people/department/?name=Drift",
        "notifications": "/notifications/", "search": "/search/?q=vind", "acks": "/acks/", "banners": "/banners/",
        "write": "/write/", "my-data": "/me/data/", "privacy": "/privacy/", "moderation": "/moderation/",
        "audit": "/audit/",
    }


def test_every_page_looks_right_for_an_employee_in_every_language_and_viewport(browser, devserver):
    look(browser, devserver, "employee")


def look(browser, devserver, role: str) -> None:
    """One role's look at every page (each role's test is a file of its own, so test workers share them)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
                  else route.abort())
    page = context.new_page()
    log_in(page, devserver, ROLES[role])
    token = next(c["value"] for c in context.cookies() if c["name"] == "torget_session")
    problems = []
    for name, path in pages(devserver, token).items():
        for lang in ("sv", "en"):
            url = devserver.url + ("/en" + path if lang == "en" else path)
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.locator(".session .who").wait_for(state="attached")
            page.evaluate(AXE)
            for viewport, (width, height) in VIEWPORTS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
                view = f"{role}-{lang}-{viewport}-{name}"
                page.screenshot(path=str(ARTIFACTS / f"{view}.png"), full_page=True)
                problems += seen_problems(page, view)
    context.close()
    assert not problems, "\n".join(problems)


def seen_problems(page, view: str, within: str | None = None) -> list[str]:
    """What LOOK and axe (already loaded in the page) find, worded for the view (`within`: see LOOK)."""
    problems = []
    seen = page.evaluate(LOOK, within)
    stray = sorted({text for text in seen["texts"] if STRAY.search(text)})
    if stray:
        problems.append(f"{view}: stray text {stray[:5]}")
    if seen["scrollWidth"] > seen["width"] + 1:
        problems.append(f"{view}: scrolls sideways ({seen['scrollWidth']} > {seen['width']} px): {seen['wide']}")
    if seen["overlaps"]:
        problems.append(f"{view}: controls overlap {seen['overlaps']}")
    if seen["small"]:
        problems.append(f"{view}: targets under 24 × 24 px {seen['small']}")
    result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    serious = [(v["id"], [n["target"] for n in v["nodes"][:2]]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    if serious:
        problems.append(f"{view}: axe {serious}")
    return problems
