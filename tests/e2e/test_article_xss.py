"""The corpus site (tests/site/xss_site.py) in Chromium with the CSP switched off: the CSP is defence in
depth, so no page may hold anything that runs script, opens a dialog or navigates away without it."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.site.xss_site import build, payloads

pytestmark = pytest.mark.browser

# Everything that could run script or leave the page, as the browser parsed it.
SCAN = """() => {
  const bad = [];
  const never = ["iframe", "object", "embed", "base", "frame", "frameset", "applet", "template", "video", "audio",
                 "marquee", "noembed", "style"];
  const urlAttributes = ["href", "src", "action", "formaction", "data", "poster", "background", "xlink:href"];
  if (document.querySelectorAll("title").length !== 1) bad.push("titles: " + document.querySelectorAll("title").length);
  for (const node of document.querySelectorAll("*")) {
    const tag = node.localName;
    if (never.includes(tag)) bad.push(tag);
    if (tag === "script" && !(node.getAttribute("src") || "").startsWith("/theme/js/")) bad.push("script " + node.outerHTML);
    if (tag === "meta" && node.hasAttribute("http-equiv")) bad.push("meta http-equiv");
    if (node.namespaceURI !== "http://www.w3.org/1999/xhtml") bad.push("foreign " + tag);
    for (const attribute of node.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\t\\n\\r]/g, "").trim().toLowerCase();
      if (name.startsWith("on") || name === "srcdoc" || name === "formaction") bad.push(name + " on " + tag);
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data):|^[\\/\\\\]{2}/.test(value)) bad.push(name + "=" + value);
    }
  }
  return bad.concat(window.__xss ? ["window.__xss"] : []);
}"""


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    output = build(tmp_path_factory.mktemp("xss-browser"))
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(output))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield output, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_no_payload_runs_with_the_csp_off(browser, corpus_site):
    output, base = corpus_site
    context = browser.new_context(bypass_csp=True)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Every body on one page; every title and summary on the listings, the archive and the tags; the head
    # of an article per payload kind; the writer whose name was a payload.
    paths = ["/news/xss-all/", "/archive/", "/tags/", "/en/archive/", "/people/"]
    paths += [f"/{path.parent.relative_to(output).as_posix()}/" for folder in ("news", "blog")
              for path in sorted((output / folder).glob("page/*/index.html"))] + ["/news/", "/blog/"]
    paths += [f"/news/xss-git-{number}/" for number in range(0, len(payloads()), 15)]
    paths += [f"/blog/xss-editor-{number}/" for number in range(3, len(payloads()), 15)]
    paths += [f"/{path.parent.relative_to(output).as_posix()}/" for path in (output / "people").glob("*img*/index.html")]
    found = {}
    for path in paths:
        page.goto(base + path, wait_until="load")
        assert page.url == base + path, f"{path} navigated to {page.url}"
        problems = page.evaluate(SCAN)
        if problems:
            found[path] = problems[:5]
    context.close()
    assert len(paths) > 30
    assert not found, found
    assert not dialogs, dialogs
