// The directory: find a colleague by any word of their name, title or department.
import * as api from "../api.js";
import { add, clear, el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { avatar } from "./people-strings.js";

export function card(person, profileUrl) {
  return el("li", { class: "person-card", "data-person": person.id }, avatar(person, "lg"),
    el("div", {}, el("a", { href: `${profileUrl}?id=${encodeURIComponent(person.id)}` }, person.name),
      el("br"), el("span", { class: "muted" }, [person.title, person.department].filter(Boolean).join(" · "))));
}

export function mount(root, config) {
  const input = el("input", { id: "people-q", type: "search", autocomplete: "off" });
  const status = el("p", { role: "status", class: "muted" }, t("p-hint"));
  const list = el("ul", { class: "people-grid" });
  let timer = null;
  let asked = 0;
  const find = async () => {
    const q = input.value.trim();
    const mine = ++asked;
    const url = new URL(location.href);
    q ? url.searchParams.set("q", q) : url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!q) return everyone(list, status, config, () => mine !== asked);
    try {
      const found = (await api.people(q)).people;
      if (mine !== asked) return;
      put(list, ...found.map((person) => card(person, config.profileUrl)));
      status.textContent = found.length ? t("p-count", { n: found.length }) : t("p-none", { q });
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(find, 200); });
  put(root, el("label", { for: "people-q" }, t("p-search")), input, status, list);
  input.value = new URLSearchParams(location.search).get("q") || "";
  find();
}

// Before anyone types: everyone in name order, under their initial letter, more as you ask (or scroll).
async function everyone(list, status, config, stale) {
  const more = el("button", { type: "button", class: "more-button" }, t("p-more"));
  let letter = null;
  const page = async (cursor) => {
    more.disabled = true;
    try {
      const found = await api.everyone(cursor);
      if (stale()) return;
      more.remove();
      for (const person of found.people) {
        const initial = (person.name[0] || "#").toLocaleUpperCase();
        if (initial !== letter) add(list, el("li", { class: "people-letter" }, (letter = initial)));
        add(list, card(person, config.profileUrl));
      }
      if (found.next) {
        add(list, el("li", { class: "people-more" }, more));
        more.onclick = () => page(found.next);
        more.disabled = false;
      }
    } catch (error) { status.textContent = errorText(error); }
  };
  clear(list);
  status.textContent = t("p-everyone");
  await page(null);
}
