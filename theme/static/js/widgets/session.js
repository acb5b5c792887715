// The header's account area: who is logged in (a link to their profile), their tools, and logout.
import * as api from "../api.js";
import { el, put } from "../dom.js";

export async function mount(root, config) {
  let person;
  try {
    person = await api.me();
  } catch (error) {
    if (error.status === 401) {
      put(root, el("a", { href: config.loginUrl }, config.labelLogin));
    }
    return;
  }
  const button = el("button", { type: "button" }, config.labelLogout);
  button.addEventListener("click", async () => {
    button.disabled = true;
    let next;
    try {
      next = (await api.logout())?.redirect; // the provider's end-session page (http(s), checked by the API), if any
    } finally {
      window.location.assign(next || config.loginUrl + "?loggedout=1");
    }
  });
  const roles = new Set(person.roles);
  put(root,
    el("span", { class: "visually-hidden" }, config.labelAccount + " "),
    el("a", { class: "who", "data-person": person.id, href: `${config.profileUrl}?id=${encodeURIComponent(person.id)}` }, person.name),
    roles.has("editor") || roles.has("admin") ? el("a", { class: "tool", href: config.acksUrl }, config.labelAcks) : null,
    roles.has("admin") ? el("a", { class: "tool", href: config.bannersUrl }, config.labelBanners) : null,
    roles.has("moderator") || roles.has("admin") ? el("a", { class: "tool", href: config.moderationUrl }, config.labelModeration) : null,
    roles.has("admin") ? el("a", { class: "tool", href: config.auditUrl }, config.labelAudit) : null,
    el("a", { class: "tool", href: config.dataUrl }, config.labelData),
    button,
  );
  // Writers' tools (Write; Edit on articles) load only for writers.
  if (roles.has("editor") || roles.has("admin") || roles.has("author")) import("./writing.js").then((m) => m.mount(root, person, config));
}
