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
    if (q) for (const select of root.querySelectorAll(".people-filters select")) select.value = "";
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
  const picked = filters((kind, name) => {
    const url = new URL(location.href);
    for (const key of ["q", "department", "office"]) url.searchParams.delete(key);
    if (name) url.searchParams.set(kind, name);
    history.replaceState(null, "", url);
    input.value = "";
    asked++;
    name ? listed(list, status, config, kind, name) : find();
  });
  put(root, el("label", { for: "people-q" }, t("p-search")), input, picked.bar, status, list);
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const kind = ["department", "office"].find((key) => params.get(key));
  if (kind && !input.value) {
    picked.ready.then(() => { picked.selects[kind].value = params.get(kind); });
    listed(list, status, config, kind, params.get(kind));
  } else {
    find();
  }
}

// Filters by department and office (from the directory), and the way to the org chart. Choosing one lists
// that department's or office's people in place; the page's address keeps the choice.
function filters(onPick) {
  const site = document.body.dataset.site || "/";
  const bar = el("div", { class: "people-filters", hidden: true });
  const selects = {};
  for (const [kind, label, all] of [["department", t("p-department"), t("p-all-departments")], ["office", t("p-office"), t("p-all-offices")]]) {
    const select = selects[kind] = el("select", { id: `people-${kind}` }, el("option", { value: "" }, all));
    select.addEventListener("change", () => {
      for (const other of Object.values(selects)) if (other !== select) other.value = "";
      onPick(kind, select.value);
    });
    add(bar, el("label", { for: `people-${kind}` }, label, select));
  }
  add(bar, el("a", { href: `${site}people/org/` }, t("p-org")));
  const ready = api.departments().then((found) => {
    for (const [kind, entries] of [["department", found.departments], ["office", found.offices]]) {
      add(selects[kind], ...entries.map((entry) => el("option", { value: entry.name }, `${entry.name} (${entry.people})`)));
    }
    bar.hidden = !found.departments.length && !found.offices.length;
  }).catch(() => {});
  return { bar, selects, ready };
}

async function listed(list, status, config, kind, name) {
  status.textContent = "";
  try {
    const found = await api.listed(kind, name);
    put(list, ...found.people.map((person) => card(person, config.profileUrl)));
    status.textContent = t("p-in", { n: found.people.length });
  } catch (error) { status.textContent = errorText(error); }
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
