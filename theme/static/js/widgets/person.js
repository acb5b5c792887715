// A colleague's profile: who they are, their groups, what they wrote lately; one's own bio is editable.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { ago, errorText, t } from "../i18n.js";
import { personLink } from "../faces.js";
import { listingUrl } from "./listing.js";
import { avatar } from "./people-strings.js";

const site = () => document.body.dataset.site || "/";

function recentItem(entry) {
  const post = entry.thread.startsWith("post:");
  const href = entry.url ? entry.url + "#conversation-heading" : `${site()}feed/post/?id=${encodeURIComponent(entry.thread.slice(5))}`;
  const label = entry.kind === "post" ? t("p-post") : post ? t("p-comment-post") : t("p-comment", { title: entry.title });
  return el("li", {}, el("a", { href }, label), " ", el("time", { datetime: entry.createdAt, class: "muted" }, ago(entry.createdAt)),
    el("p", { class: "snippet" }, plain(entry.text)));
}

// A snippet as words, not Markdown: links and images by their text, marks and heading hashes gone.
export function plain(markdown) {
  return String(markdown || "").replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`~]+/g, "")
    .replace(/^\s{0,3}(#{1,6}|>|[-+]|\d+\.)\s+/gm, "").replace(/\s+/g, " ").trim();
}

// "Send a message": the conversation with this person (the existing one, or a new one), opened in the chat.
function messageButton(person, say) {
  const button = el("button", { type: "button", class: "button" }, t("p-chat"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const room = await api.startDirect([person.id]);
      location.assign(`${site()}chat/?room=${encodeURIComponent(room.id)}`);
    } catch (error) { say(errorText(error)); button.disabled = false; }
  });
  return button;
}

// A writer's newest articles and their blog, from the build (the site knows who wrote what).
async function articles(person) {
  const section = el("section", { "aria-labelledby": "articles-heading", hidden: true });
  try {
    const writers = await (await fetch(`${site()}people/writers.json`)).json();
    const mine = writers[person.id];
    if (mine?.articles.length) {
      put(section, el("h2", { id: "articles-heading" }, t("p-articles")),
        el("ul", { class: "plain recent" }, mine.articles.map((article) => el("li", {}, el("a", { href: article.url }, article.title), " ",
          el("time", { datetime: article.date, class: "muted" }, new Date(article.date).toLocaleDateString(document.documentElement.lang))))),
        el("p", {}, el("a", { href: mine.blog }, t("p-all-articles"))));
      section.hidden = false;
    }
  } catch { /* not a writer, or the list is not there: the profile reads fine without it */ }
  return section;
}

export async function mount(root) {
  const id = new URLSearchParams(location.search).get("id") || "";
  let person;
  let me;
  try {
    [person, me] = await Promise.all([api.person(id), api.me()]);
  } catch (error) {
    put(root, el("h1", { class: "page-title" }, t("p-missing")),
      el("p", {}, error.status === 404 || error.status === 400 ? "" : errorText(error)));
    return;
  }
  document.title = `${person.name} – ${document.title.split(" – ").pop()}`;
  const bio = el("div", { class: "bio" });
  const showBio = (html) => { if (html) { bio.innerHTML = html; } else { put(bio, el("p", { class: "muted" }, t("p-no-bio"))); } }; // sanitised by the server
  showBio(person.bioHtml);
  const contact = el("dl", { class: "contact" });
  if (person.email) add(contact, el("dt", {}, t("p-email")), el("dd", {}, el("a", { href: `mailto:${person.email}` }, person.email)));
  if (person.phone) add(contact, el("dt", {}, t("p-phone")), el("dd", {}, el("a", { href: `tel:${person.phone.replace(/\s/g, "")}` }, person.phone)));
  if (person.department) add(contact, el("dt", {}, t("p-department")), el("dd", {}, el("a", { href: listingUrl("department", person.department) }, person.department)));
  if (person.office) add(contact, el("dt", {}, t("p-office")), el("dd", {}, el("a", { href: listingUrl("office", person.office) }, person.office)));
  if (person.manager) add(contact, el("dt", {}, t("p-manager")), el("dd", {}, personLink(person.manager, "xs")));
  const since = person.startDate ? el("p", { class: "muted" }, t("p-since", {
    date: new Date(person.startDate).toLocaleDateString(document.documentElement.lang, { year: "numeric", month: "long" }) })) : null;
  const org = person.manager || person.reports?.length ? el("p", {}, el("a", { href: `${site()}people/org/` }, t("p-show-org"))) : null;
  const about = el("section", { "aria-labelledby": "about-heading" }, el("h2", { id: "about-heading" }, t("p-about")), bio);
  if (me.id === person.id) add(about, editor(person, showBio), momentsSetting(me));
  const groups = person.groups.length
    ? el("ul", { class: "plain" }, person.groups.map((group) =>
      el("li", {}, el("a", { href: `${site()}groups/group/?id=${encodeURIComponent(group.id)}` }, group.name))))
    : el("p", { class: "muted" }, t("p-no-groups"));
  const recent = person.recent.length ? el("ul", { class: "plain recent" }, person.recent.map(recentItem))
    : el("p", { class: "muted" }, t("p-no-recent"));
  const status = el("p", { class: "status", role: "status" });
  const written = el("div");
  let face = avatar(person, "xl");
  const photo = me.id === person.id ? el("button", { type: "button", class: "link" }, t("p-photo")) : null;
  photo?.addEventListener("click", () => import("./photo.js").then((m) => m.open(person, (saved) => {
    Object.assign(person, { photo: saved.photo, photoSmall: saved.photoSmall });
    const fresh = avatar(person, "xl");
    face.replaceWith(fresh);
    face = fresh;
    document.querySelector(".account-button .avatar")?.replaceWith(avatar(person, "sm"));
  }, photo)));
  put(root,
    el("section", { class: "profile", "aria-labelledby": "profile-heading" }, el("div", { class: "profile-face" }, face, photo),
      el("div", {}, el("h1", { id: "profile-heading", class: "page-title" }, person.name,
        person.active === false ? el("span", { class: "left-label" }, t("p-left")) : null),
        el("p", { class: "muted" }, [person.title, person.department].filter(Boolean).join(" · ")), contact, since, org,
        me.id === person.id || person.active === false ? null : messageButton(person, (text) => { status.textContent = text; }), status)),
    about, written, reports(person),
    el("section", { "aria-labelledby": "groups-heading" }, el("h2", { id: "groups-heading" }, t("p-groups")), groups),
    el("section", { "aria-labelledby": "recent-heading" }, el("h2", { id: "recent-heading" }, t("p-recent")), recent));
  put(written, await articles(person));
}

// The people who report to this person.
function reports(person) {
  const section = el("section", { "aria-labelledby": "reports-heading" });
  if (person.reports?.length) {
    add(section, el("h2", { id: "reports-heading" }, t("p-reports")),
      el("ul", { class: "reports-list" }, person.reports.map((report) => el("li", {}, personLink(report, "sm"), " ",
        el("span", { class: "muted" }, report.title || "")))));
  }
  return section.childNodes.length ? section : null;
}

// Whether I am shown among new colleagues and anniversaries (on unless I turn it off).
function momentsSetting(me) {
  const box = el("input", { type: "checkbox", id: "moments-shown" });
  box.checked = me.moments !== false;
  const status = el("span", { class: "muted", role: "status" });
  box.addEventListener("change", async () => {
    try {
      await api.updateMe({ moments: box.checked });
      status.textContent = t("p-bio-saved-short");
    } catch (error) {
      box.checked = !box.checked;
      status.textContent = errorText(error);
    }
  });
  return el("p", { class: "check" }, box, " ", el("label", { for: "moments-shown" }, t("p-moments")), " ", status);
}

function editor(person, showBio) {
  const area = el("textarea", { id: "bio-text", rows: 5, maxlength: 2000 });
  area.value = person.bio || "";
  const status = el("p", { role: "status" });
  const form = el("form", { class: "stack" }, el("label", { for: "bio-text" }, t("p-bio-label")), area,
    el("button", { type: "submit", class: "primary" }, t("save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const saved = await api.updateMe({ bio: area.value });
      showBio(saved.bioHtml);
      status.textContent = t("p-bio-saved");
      box.open = false;
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  const box = el("details", { class: "bio-editor" }, el("summary", {}, t("p-edit-bio")), form);
  return el("div", {}, box, status);
}
