// "My groups" in the header: a disclosure listing the groups I am in.
import "./social-strings.js";
import * as api from "../api.js";
import { el, put } from "../dom.js";
import { t } from "../i18n.js";

export async function mount(root, config) {
  const list = root.querySelector("ul");
  let mine;
  try {
    mine = (await api.myGroups()).groups.filter((group) => group.status === "member");
  } catch {
    root.hidden = true;
    return;
  }
  put(list,
    ...mine.map((group) => el("li", {}, el("a", { href: `${config.groupUrl}?id=${encodeURIComponent(group.id)}` }, group.name))),
    el("li", {}, el("a", { href: config.allUrl }, mine.length ? t("all-groups") : t("no-my-groups"))),
  );
}
