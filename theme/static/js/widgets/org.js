// The org chart: from the top down, one level at a time (each team is fetched when it is opened).
// Each person is a list item with their face, name and title; a disclosure button opens their team.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { personLink } from "../faces.js";
import "./people-strings.js";

function node(person, say) {
  const item = el("li", { class: "org-node" });
  const line = el("div", { class: "org-person" }, personLink(person, "md"),
    el("span", { class: "muted org-role" }, [person.title, person.department].filter(Boolean).join(" · ")));
  add(item, line);
  if (person.reports) {
    const team = el("ul", { class: "org-team", hidden: true });
    const toggle = el("button", { type: "button", class: "org-toggle", "aria-expanded": "false" }, t("p-team", { n: person.reports }));
    toggle.addEventListener("click", async () => {
      const open = team.hidden;
      team.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? t("p-hide-team") : t("p-team", { n: person.reports });
      if (open && !team.dataset.loaded) {
        team.dataset.loaded = "1";
        await level(team, person.id, say);
      }
    });
    add(line, toggle);
    add(item, team);
  }
  return item;
}

async function level(list, manager, say, cursor = null) {
  try {
    const found = await api.org(manager, cursor);
    add(list, ...found.people.map((person) => node(person, say)));
    if (found.next) {
      const more = el("button", { type: "button", class: "more-button" }, t("p-more"));
      more.addEventListener("click", () => { more.parentElement.remove(); level(list, manager, say, found.next); });
      add(list, el("li", {}, more));
    }
    return found.people;
  } catch (error) {
    say(errorText(error));
    return [];
  }
}

export async function mount(root) {
  const status = el("p", { class: "status", role: "status" });
  const say = (text) => { status.textContent = text; };
  const top = el("ul", { class: "org-tree" });
  put(root, el("h1", { class: "page-title" }, t("p-org")), status, top);
  const people = await level(top, null, say);
  if (!people.length && !status.textContent) say(t("p-org-empty"));
  // The top opens one level by itself: a company has one head, and the chart starts with their team.
  if (people.length === 1) top.querySelector(".org-toggle")?.click();
}
