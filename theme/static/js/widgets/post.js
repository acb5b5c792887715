// A single post, opened from a shared link (?id=…), with its conversation.
import "./social-strings.js";
import * as api from "../api.js";
import { el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { card } from "./postcard.js";

export async function mount(root) {
  const id = new URLSearchParams(window.location.search).get("id") || "";
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const say = (text) => { status.textContent = text; };
  let item;
  try {
    item = await api.post(id);
  } catch (error) {
    put(root, el("p", { class: "notice" }, error.status === 404 || error.status === 400 ? t("not-found") : errorText(error)));
    return;
  }
  const shown = card(item, { say });
  put(root, status, shown);
  shown.querySelector(".comments-toggle")?.click();  // a shared post opens with its conversation
}
