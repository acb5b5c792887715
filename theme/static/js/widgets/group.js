// One group's page: who it is for, joining and leaving, members and requests, and its feed.
// `g`: the group, my membership in it and the page's helpers, shared by the parts.
import "./social-strings.js";
import * as api from "../api.js";
import * as manage from "../groups-api.js";
import { add, el, put } from "../dom.js";
import { personLink } from "../faces.js";
import { errorText, t } from "../i18n.js";

export async function mount(root, config) {
  const id = new URLSearchParams(window.location.search).get("id") || "";
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const say = (text) => { status.textContent = text; };
  let group;
  try {
    group = await api.group(id);
  } catch (error) {
    put(root, el("h1", { class: "page-title" }, t("not-found")));
    if (error.status !== 404 && error.status !== 400) add(root, el("p", {}, errorText(error)));
    return;
  }
  document.title = `${group.name} – Torget`;
  const my = group.my || {};
  const member = my.status === "member";
  const g = {
    id, group, my, member, admin: member && (my.role === "admin" || my.role === "owner"), say,
    // Every change reloads the page's parts from the server.
    act: async (work, message) => {
      try { await work(); if (message) say(message); await mount(root, config); } catch (error) { say(errorText(error)); }
    },
    me: await api.me(),
  };
  put(root, el("header", { class: "group-header" },
    el("h1", { class: "page-title" }, group.name),
    el("p", {}, el("span", { class: "badge" }, t(group.visibility)), " ",
      el("span", { class: "muted" }, t("members-count", { n: group.memberCount }))),
    group.description ? el("p", { dir: "auto" }, group.description) : null,
    group.archived ? el("p", { class: "notice" }, t("archived")) : null,
    membershipButtons(g), g.admin && !group.archived ? settings(g) : null, status));
  if (!member && group.visibility !== "open") {
    add(root, el("p", { class: "notice" }, t("members-only")));
    return;
  }
  const side = el("section", { class: "group-members", "aria-labelledby": "members-heading" },
    el("h2", { id: "members-heading" }, t("members")));
  const feedRoot = el("div", { "data-group": id });
  add(root, el("div", { class: "group-columns" }, feedRoot, side));
  const { mount: mountFeed } = await import("./feed.js");
  mountFeed(feedRoot, { group: id, compose: member && !group.archived ? "on" : "off" });
  await members(g, side);
  if (member && !group.archived && (group.visibility !== "secret" || g.admin)) add(side, inviteForm(g));
}

// Join, ask, accept an invitation, leave; the owner archives.
function membershipButtons({ id, group, my, member, me, act }) {
  const buttons = el("div", { class: "form-actions" });
  if (member) add(buttons, el("a", { class: "button", href: `${document.body.dataset.site || "/"}chat/?room=group-${encodeURIComponent(id)}` }, t("group-chat")));
  if (!member && !group.archived) {
    if (my.status === "requested") add(buttons, el("span", { class: "muted" }, t("requested")));
    else if (my.status === "invited") add(buttons, el("button", { type: "button", onclick: () => act(() => manage.putMember(id, me.id)) }, t("accept")));
    else add(buttons, el("button", { type: "button", onclick: () => act(() => manage.putMember(id, me.id)) },
      group.visibility === "open" ? t("join") : t("ask")));
  } else if (member && my.role !== "owner") {
    add(buttons, el("button", { type: "button", class: "secondary", onclick: () => act(() => manage.removeMember(id, me.id)) }, t("leave")));
  }
  if (my.role === "owner" && !group.archived) {
    add(buttons, el("button", { type: "button", class: "secondary", onclick: async () => {
      if (await (await import("./confirm.js")).confirmDialog(t("confirm-archive"), t("archive"))) act(() => manage.archiveGroup(id));
    } }, t("archive")));
  }
  return buttons;
}

// The group's name, description and visibility, for its admins.
function settings({ id, group, act }) {
  const name = el("input", { id: "edit-group-name", type: "text", maxlength: 80, required: true, value: group.name });
  const description = el("textarea", { id: "edit-group-description", rows: 2, maxlength: 1000 });
  description.value = group.description || "";
  const choices = ["open", "closed", "secret"].map((kind) => el("label", { class: "choice" },
    el("input", { type: "radio", name: "edit-visibility", value: kind, checked: group.visibility === kind }), " ",
    el("strong", {}, t(kind)), " – ", t(`${kind}-help`)));
  const form = el("form", { class: "comment-form" },
    el("label", { for: "edit-group-name" }, t("group-name")), name,
    el("label", { for: "edit-group-description" }, t("group-description")), description,
    el("fieldset", {}, el("legend", {}, t("visibility")), ...choices),
    el("div", { class: "form-actions" }, el("button", { type: "submit" }, t("save"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const visibility = form.querySelector("input[name=edit-visibility]:checked").value;
    act(() => manage.updateGroup(id, { name: name.value, description: description.value, visibility }), t("saved"));
  });
  return el("details", { class: "edit-group" }, el("summary", {}, t("edit-group")), form);
}

// Members, and for admins the requests and invitations with their buttons.
async function members({ id, admin, act }, side) {
  let people;
  try { people = (await manage.members(id)).members; } catch (error) { add(side, el("p", {}, errorText(error))); return; }
  const list = (status) => people.filter((p) => p.status === status);
  const button = (label, danger, work) => el("button", { type: "button", class: danger ? "link danger" : "link", onclick: () => act(work) }, t(label));
  const entry = (person) => {
    const item = el("li", {}, personLink(person, "sm"), " ", el("span", { class: "muted" }, t(person.role)));
    if (admin && person.status === "requested") {
      add(item, " ", button("approve", false, () => manage.putMember(id, person.id)),
        button("decline", true, () => manage.removeMember(id, person.id)));
    } else if (admin && person.status === "member" && person.role === "member") {
      add(item, " ", button("make-admin", false, () => manage.putMember(id, person.id, "admin")),
        button("remove", true, () => manage.removeMember(id, person.id)));
    }
    return item;
  };
  add(side, el("ul", { class: "member-list" }, ...list("member").map(entry)));
  if (admin && list("requested").length) add(side, el("h3", {}, t("requests")), el("ul", { class: "member-list" }, ...list("requested").map(entry)));
  if (admin && list("invited").length) add(side, el("h3", {}, t("invitations")), el("ul", { class: "member-list" }, ...list("invited").map(entry)));
}

function inviteForm({ id, act }) {
  const input = el("input", { id: "invite-name", type: "text", list: "invite-options", autocomplete: "off" });
  const options = el("datalist", { id: "invite-options" });
  let found = [];
  input.addEventListener("input", async () => {
    if (input.value.trim().length < 2) return;
    try {
      found = (await api.people(input.value.trim())).people;
      put(options, ...found.map((p) => el("option", { value: p.name }, p.title || p.id)));
    } catch { /* suggestions are optional */ }
  });
  const form = el("form", { class: "invite" }, el("label", { for: "invite-name" }, t("invite-label")), input, options,
    el("button", { type: "submit" }, t("invite")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const person = found.find((p) => p.name === input.value) || found[0];
    if (!person) return;
    act(() => manage.putMember(id, person.id), t("invited-done", { name: person.name }));
  });
  return form;
}
