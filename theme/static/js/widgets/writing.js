// Writers' tools, loaded by the header's session widget for authors, editors and admins only:
// the Write link, and Edit and the reach panel on an article (for editors, and an author on their own).
import { el } from "../dom.js";

export function mount(root, person, config) {
  const editor = person.roles.includes("editor") || person.roles.includes("admin");
  root.querySelector(".account-button").before(el("a", { class: "write-button", href: config.writeUrl }, config.labelWrite));
  for (const link of document.querySelectorAll("[data-edit-for]")) {
    link.hidden = !editor && link.dataset.editFor !== person.id;
    if (!link.hidden) import("./reach.js").then((module) => module.mount(link));
  }
}
