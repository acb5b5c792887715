// The group directory: search, my groups, and a form to create a group.
import "./social-strings.js";
import * as api from "../api.js";
import * as manage from "../groups-api.js";
import { el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";

const site = () => document.body.dataset.site || "/";
const groupUrl = (id) => `${site()}groups/group/?id=${encodeURIComponent(id)}`;

function row(group) {
  const status = group.my ? (group.my.status === "member" ? t(group.my.role) : t(group.my.status)) : "";
  return el("li", { class: "group-row" },
    el("a", { href: groupUrl(group.id), class: "group-name" }, group.name),
    el("span", { class: "badge" }, t(group.visibility)),
    group.memberCount !== undefined ? el("span", { class: "muted" }, t("members-count", { n: group.memberCount })) : null,
    status ? el("span", { class: "muted" }, status) : null,
    group.description ? el("p", { class: "group-description", dir: "auto" }, group.description) : null);
}

export async function mount(root) {
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const say = (text) => { status.textContent = text; };
  const mineList = el("ul", { class: "group-list" });
  const allList = el("ul", { class: "group-list" });
  const search = el("input", { type: "search", id: "group-search", autocomplete: "off" });
  let timer;
  async function refresh() {
    try {
      const [all, mine] = await Promise.all([api.groups(search.value.trim()), api.myGroups()]);
      put(allList, ...(all.groups.length ? all.groups.map(row) : [el("li", { class: "empty" }, t("no-groups"))]));
      put(mineList, ...(mine.groups.length
        ? mine.groups.map((g) => row({ ...g, memberCount: undefined, my: { status: g.status, role: g.role } }))
        : [el("li", { class: "empty" }, t("no-my-groups"))]));
    } catch (error) { say(errorText(error)); }
  }
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 250); });

  const name = el("input", { id: "group-name", type: "text", maxlength: 80, required: true });
  const description = el("textarea", { id: "group-description", rows: 2, maxlength: 1000 });
  const choices = ["open", "closed", "secret"].map((kind, index) => el("label", { class: "choice" },
    el("input", { type: "radio", name: "visibility", value: kind, checked: index === 0 }), " ",
    el("strong", {}, t(kind)), " – ", t(`${kind}-help`)));
  const form = el("form", { class: "comment-form" },
    el("label", { for: "group-name" }, t("group-name")), name,
    el("label", { for: "group-description" }, t("group-description")), description,
    el("fieldset", {}, el("legend", {}, t("visibility")), ...choices),
    el("div", { class: "form-actions" }, el("button", { type: "submit" }, t("create-group"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const visibility = form.querySelector("input[name=visibility]:checked").value;
      const created = await manage.createGroup({ name: name.value, description: description.value, visibility });
      say(t("group-created"));
      window.location.assign(groupUrl(created.id));
    } catch (error) { say(errorText(error)); }
  });

  put(root,
    status,
    el("section", { "aria-labelledby": "mine-heading" }, el("h2", { id: "mine-heading" }, t("my-groups")), mineList),
    el("section", { "aria-labelledby": "all-heading" }, el("h2", { id: "all-heading" }, t("all-groups")),
      el("label", { for: "group-search" }, t("search-groups")), search, allList),
    el("section", { "aria-labelledby": "create-heading" }, el("h2", { id: "create-heading" }, t("create-group")), form));
  await refresh();
}
