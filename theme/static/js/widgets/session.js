// The header's account area: an avatar button opening my menu (profile, the tools my roles give, my data,
// the other language, logout); writers get Write beside it (writing.js).
import * as api from "../api.js";
import { el, put } from "../dom.js";
import { avatar, profileUrl } from "../faces.js";
import { forgetAll } from "../repaint.js";

export async function mount(root, config) {
  const langSwitch = root.querySelector(".lang-switch");
  let person;
  try {
    person = await api.me();
    window.torgetAudience?.(person.audience || []); // which listings' targeted articles are mine (audience.js)
  } catch (error) {
    if (error.status === 401) put(root, el("a", { class: "login-link", href: config.loginUrl }, config.labelLogin), langSwitch);
    return;
  }
  const button = el("button", { type: "button", class: "account-button", "aria-haspopup": "true", "aria-expanded": "false",
    "aria-controls": "account-menu" }, avatar(person, "sm"), el("span", { class: "visually-hidden" }, `${config.labelMenu}: ${person.name}`));
  const menu = accountMenu(config, person, langSwitch);
  put(root, button, menu);
  wireMenu(button, menu);
  // Writers' tools (Write; Edit on articles) load only for writers.
  const roles = new Set(person.roles);
  if (roles.has("editor") || roles.has("admin") || roles.has("author")) import("./writing.js").then((m) => m.mount(root, person, config));
}

function accountMenu(config, person, langSwitch) {
  const roles = new Set(person.roles);
  const link = (href, label, attributes = {}) => el("li", {}, el("a", { href, ...attributes }, label));
  const logout = el("button", { type: "button" }, config.labelLogout);
  logout.addEventListener("click", async () => {
    logout.disabled = true;
    forgetAll(); // what this tab kept to repaint pages is not the next person's
    let next;
    try {
      next = (await api.logout())?.redirect; // the provider's end-session page (http(s), checked by the API), if any
    } finally {
      window.location.assign(next || config.loginUrl + "?loggedout=1");
    }
  });
  return el("ul", { id: "account-menu", class: "panel menu-list account-menu", hidden: true },
    el("li", {}, el("a", { class: "who", "data-person": person.id, href: profileUrl(person.id) }, avatar(person, "md"),
      el("span", {}, el("strong", {}, person.name), el("br"), el("span", { class: "muted" }, config.labelProfile)))),
    el("li", {}, el("hr")),
    roles.has("editor") || roles.has("admin") ? link(config.acksUrl, config.labelAcks) : null,
    roles.has("admin") ? link(config.bannersUrl, config.labelBanners) : null,
    roles.has("moderator") || roles.has("admin") ? link(config.moderationUrl, config.labelModeration) : null,
    roles.has("admin") ? link(config.auditUrl, config.labelAudit) : null,
    link(config.dataUrl, config.labelData),
    langSwitch ? el("li", {}, langSwitch) : null,
    el("li", {}, el("hr")),
    el("li", {}, logout));
}

// Opens on click, Enter or Space; Escape or a click elsewhere closes it; arrow keys move between its items.
function wireMenu(button, menu) {
  const items = () => [...menu.querySelectorAll("a, button")];
  const close = (focus) => { menu.hidden = true; button.setAttribute("aria-expanded", "false"); if (focus) button.focus(); };
  button.addEventListener("click", () => {
    const opening = menu.hidden;
    menu.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    if (opening) items()[0]?.focus();
  });
  menu.addEventListener("keydown", (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") close(true);
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      all[(at + (event.key === "ArrowDown" ? 1 : all.length - 1)) % all.length]?.focus();
    }
  });
  document.addEventListener("click", (event) => { if (!menu.hidden && !menu.contains(event.target) && !button.contains(event.target)) close(false); });
}
