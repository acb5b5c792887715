// A department's or an office's people, A–Z (?name=…), with the other departments or offices to go to.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { card } from "./people.js";
import "./people-strings.js";

const site = () => document.body.dataset.site || "/";

export function listingUrl(kind, name) {
  return `${site()}people/${kind}/?name=${encodeURIComponent(name)}`;
}

export async function mount(root, config) {
  const kind = config.kind === "office" ? "office" : "department";
  const name = new URLSearchParams(location.search).get("name") || "";
  const status = el("p", { class: "status", role: "status" });
  const list = el("ul", { class: "people-grid" });
  const others = el("nav", { class: "listing-others", "aria-label": t(kind === "office" ? "p-all-offices" : "p-all-departments") });
  put(root, el("h1", { class: "page-title" }, name || t(kind === "office" ? "p-all-offices" : "p-all-departments")),
    status, list, others);
  const page = async (cursor) => {
    try {
      const found = await api.listed(kind, name, cursor);
      add(list, ...found.people.map((person) => card(person, config.profileUrl)));
      if (!found.people.length && !cursor) status.textContent = t("p-listing-empty");
      if (found.next) {
        const more = el("button", { type: "button", class: "more-button" }, t("p-more"));
        more.addEventListener("click", () => { more.parentElement.remove(); page(found.next); });
        add(list, el("li", { class: "people-more" }, more));
      }
    } catch (error) { status.textContent = errorText(error); }
  };
  const [, all] = await Promise.all([name ? page(null) : null, api.departments().catch(() => null)]);
  const names = all ? all[kind === "office" ? "offices" : "departments"] : [];
  put(others, el("h2", {}, t(kind === "office" ? "p-all-offices" : "p-all-departments")),
    el("ul", { class: "place-list" }, names.map((entry) => el("li", {},
      el("a", { href: listingUrl(kind, entry.name), ...(entry.name === name ? { "aria-current": "page" } : {}) },
        `${entry.name} (${entry.people})`)))));
}
