// Search: articles from the Pagefind index (static files, built with the site) and colleagues
// from the directory, in one list. In the header it opens under the box; /search/ shows all.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { avatar } from "./people-strings.js";

let pagefind = null;

async function engine(base) {
  if (!pagefind) {
    pagefind = import(`${base}pagefind.js`).then(async (module) => {
      await module.options({ excerptLength: 24 });
      module.init();
      return module;
    });
  }
  return pagefind;
}

// Pagefind's excerpts mark the hits with <mark>; only text and those marks are kept.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  return el("p", { class: "snippet" }, [...parsed.childNodes].map((node) =>
    node.nodeName === "MARK" ? el("mark", {}, node.textContent) : node.textContent));
}

async function articles(base, q, limit) {
  const found = await (await engine(base)).search(q);
  if (!found) return { total: 0, items: [] };
  const items = await Promise.all(found.results.slice(0, limit).map((result) => result.data()));
  return { total: found.results.length, items };
}

export function mount(root, config) {
  const page = config.mode === "page";
  const form = page ? el("form", { role: "search", action: location.pathname, class: "search-page-form" }) : root;
  const input = page ? el("input", { type: "search", name: "q", id: "search-page-q" }) : root.querySelector("input");
  const results = el("div", { class: page ? "search-results panel panel-static" : "search-results panel", hidden: true, id: "search-results" });
  const status = el("p", { role: "status", class: "visually-hidden" });
  const profileUrl = `${document.body.dataset.site || "/"}people/person/`;
  const base = config.pagefind || "/pagefind/";
  let asked = 0;
  let timer = null;

  const links = () => [...results.querySelectorAll("a")];
  const close = () => { results.hidden = true; };

  const run = async () => {
    const q = input.value.trim();
    const mine = ++asked;
    if (page) {
      const url = new URL(location.href);
      url.searchParams.set("q", q);
      history.replaceState(null, "", url);
    }
    if (q.length < 2) return close();
    status.textContent = t("s-loading");
    const [found, people] = await Promise.all([
      articles(base, q, page ? 50 : 6).catch(() => ({ total: 0, items: [] })),
      api.people(q).then((r) => r.people).catch((error) => (error.status === 400 ? [] : Promise.reject(error))),
    ]).catch((error) => { status.textContent = errorText(error); return [null, null]; });
    if (mine !== asked || !found) return;
    const sections = [];
    if (people.length) {
      sections.push(el("h2", {}, t("s-people")), el("ul", { class: "plain search-people" }, people.slice(0, page ? 10 : 4).map((person) =>
        el("li", {}, avatar(person, "sm"), el("a", { href: `${profileUrl}?id=${encodeURIComponent(person.id)}` }, person.name),
          el("span", { class: "muted" }, " ", [person.title, person.department].filter(Boolean).join(" · "))))));
    }
    if (found.items.length) {
      sections.push(el("h2", {}, t("s-articles")), el("ul", { class: "plain search-articles" }, found.items.map((item) =>
        el("li", {}, el("a", { href: item.url }, item.meta.title || item.url), excerpt(item.excerpt)))));
    }
    if (!sections.length) sections.push(el("p", { class: "muted" }, t("s-none", { q })));
    if (!page && found.total > found.items.length) {
      sections.push(el("p", {}, el("a", { href: `${form.getAttribute("action")}?q=${encodeURIComponent(q)}` }, t("s-all"))));
    }
    put(results, ...sections);
    results.hidden = false;
    status.textContent = t("s-results", { n: found.total + people.length });
  };

  input.setAttribute("aria-controls", "search-results");
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 150); });
  input.addEventListener("focus", () => engine(base).catch(() => {}));
  form.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Escape" && !page) {
      close();
      input.focus();
    }
  });
  if (page) {
    form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
    put(root, form);
    add(form, el("label", { for: "search-page-q" }, config.label), input);
    add(root, status, results);
    input.value = new URLSearchParams(location.search).get("q") || "";
    if (input.value) run();
    input.focus();
  } else {
    add(root, results, status);
    root.addEventListener("focusout", (event) => { if (!root.contains(event.relatedTarget)) close(); });
    if (input.value) run();
  }
}
