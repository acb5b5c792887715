// "Edit" on an article's page, for its author and for editors: opens the web editor on its source file.
import * as api from "../api.js";

export async function mount(root) {
  let me;
  try {
    me = await api.me();
  } catch {
    return;
  }
  const roles = new Set(me.roles);
  const editor = roles.has("editor") || roles.has("admin");
  const author = roles.has("author") && me.id === root.dataset.authorPerson;
  root.hidden = !(editor || author);
}
