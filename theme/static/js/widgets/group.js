// One group's page: who it is for, joining and leaving, members and requests, and its feed.
import "./social-strings.js";
import * as api from "../api.js";
import * as manage from "../groups-api.js";
import { add, el, put } from "../dom.js";
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
  const admin = member && (my.role === "admin" || my.role === "owner");
  const act = async (work, message) => {
    try { await work(); if (message) say(message); await mount(root, config); } catch (error) { say(errorText(error)); }
  };
  const me = await api.me();

  const buttons = el("div", { class: "form-actions" });
  if (!member && !group.archived) {
    if (my.status === "requested") add(buttons, el("span", { class: "muted" }, t("requested")));
    else if (my.status === "invited") add(buttons, el("button", { type: "button", onclick: () => act(() => manage.putMember(id, me.id)) }, t("accept")));
    else add(buttons, el("button", { type: "button", onclick: () => act(() => manage.putMember(id, me.id)) },
      group.visibility === "open" ? t("join") : t("ask")));
  } else if (member && my.role !== "owner") {
    add(buttons, el("button", { type: "button", class: "secondary", onclick: () => act(() => manage.removeMember(id, me.id)) }, t("leave")));
  }
  if (my.role === "owner" && !group.archived) {
    add(buttons, el("button", { type: "button", class: "secondary", onclick: () => {
      if (window.confirm(t("confirm-archive"))) act(() => manage.archiveGroup(id));
    } }, t("archive")));
  }

  let editor = null;
  if (admin && !group.archived) {
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
    editor = el("details", { class: "edit-group" }, el("summary", {}, t("edit-group")), form);
  }

  const header = el("header", { class: "group-header" },
    el("h1", { class: "page-title" }, group.name),
    el("p", {}, el("span", { class: "badge" }, t(group.visibility)), " ",
      el("span", { class: "muted" }, t("members-count", { n: group.memberCount }))),
    group.description ? el("p", { dir: "auto" }, group.description) : null,
    group.archived ? el("p", { class: "notice" }, t("archived")) : null,
    buttons, editor, status);
  put(root, header);

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

  let people;
  try { people = (await manage.members(id)).members; } catch (error) { add(side, el("p", {}, errorText(error))); return; }
  const list = (status_) => people.filter((p) => p.status === status_);
  const entry = (person) => {
    const item = el("li", {}, el("bdi", {}, person.name), " ", el("span", { class: "muted" }, t(person.role)));
    if (admin && person.status === "requested") {
      add(item, " ", el("button", { type: "button", class: "link", onclick: () => act(() => manage.putMember(id, person.id)) }, t("approve")),
        el("button", { type: "button", class: "link danger", onclick: () => act(() => manage.removeMember(id, person.id)) }, t("decline")));
    } else if (admin && person.status === "member" && person.role === "member") {
      add(item, " ", el("button", { type: "button", class: "link", onclick: () => act(() => manage.putMember(id, person.id, "admin")) }, t("make-admin")),
        el("button", { type: "button", class: "link danger", onclick: () => act(() => manage.removeMember(id, person.id)) }, t("remove")));
    }
    return item;
  };
  add(side, el("ul", { class: "member-list" }, ...list("member").map(entry)));
  if (admin && list("requested").length) add(side, el("h3", {}, t("requests")), el("ul", { class: "member-list" }, ...list("requested").map(entry)));
  if (admin && list("invited").length) add(side, el("h3", {}, t("invitations")), el("ul", { class: "member-list" }, ...list("invited").map(entry)));

  if (member && !group.archived && (group.visibility !== "secret" || admin)) {
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
    add(side, form);
  }
}
