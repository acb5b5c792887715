// My data: download everything Torget holds about me, or erase it (admins: ?person=<id> for someone else).
import * as api from "../api.js";
import * as data from "../privacy-api.js";
import { add, el, put } from "../dom.js";
import { addStrings, errorText, lang, t } from "../i18n.js";

addStrings({
  sv: {
    "md-download-title": "Ladda ner",
    "md-download-text": "Ett zip-arkiv med allt i en JSON-fil, en sida du kan öppna i webbläsaren och dina bilder.",
    "md-download": "Ladda ner mina data",
    "md-download-other": "Ladda ner {name}s data",
    "md-working": "Samlar ihop …",
    "md-ready": "Arkivet är klart ({size}). Länken gäller en timme.",
    "md-get": "Hämta arkivet",
    "md-erase-title": "Radera",
    "md-erase-text": "Dina kommentarer och inlägg tas bort; där andra har svarat står ”Borttagen person” kvar så att samtalet går att läsa. Chattmeddelanden, reaktioner, gruppmedlemskap, aviseringar, inloggningar, bilder och din profil försvinner. Artiklar du publicerat finns kvar. Det går inte att ångra.",
    "md-erase": "Radera mitt konto …",
    "md-erase-other": "Radera {name}s konto …",
    "md-will-go": "Det här tas bort:",
    "md-confirm": "Ja, radera allt nu",
    "md-cancel": "Avbryt",
    "md-running": "Raderingen pågår ({step}) …",
    "md-done": "Allt är raderat. Loggar du in igen börjar du med en tom profil.",
    "md-done-other": "{name}s data är raderade.",
    "md-requested": "En radering har begärts men inte bekräftats.",
    "md-forbidden": "Bara personen själv och administratörer kommer åt det här.",
    comments: "{n} kommentar\n{n} kommentarer", posts: "{n} inlägg", chatMessages: "{n} chattmeddelande\n{n} chattmeddelanden",
    reactions: "{n} reaktion\n{n} reaktioner", groups: "{n} grupp\n{n} grupper", directConversations: "{n} samtal",
    readConfirmations: "{n} läsbekräftelse\n{n} läsbekräftelser", notifications: "{n} avisering\n{n} aviseringar",
    sessions: "{n} inloggning\n{n} inloggningar", articleDrafts: "{n} artikelutkast",
    reportsMade: "{n} anmälan\n{n} anmälningar", uploads: "{n} bild\n{n} bilder",
  },
  en: {
    "md-download-title": "Download",
    "md-download-text": "A zip archive with everything in one JSON file, a page you can open in your browser, and your images.",
    "md-download": "Download my data",
    "md-download-other": "Download {name}'s data",
    "md-working": "Gathering …",
    "md-ready": "The archive is ready ({size}). The link works for an hour.",
    "md-get": "Get the archive",
    "md-erase-title": "Erase",
    "md-erase-text": "Your comments and posts are removed; where others have answered, “Deleted person” stays so the conversation still reads. Chat messages, reactions, group memberships, notifications, sessions, images and your profile go. Articles you published stay. This cannot be undone.",
    "md-erase": "Erase my account …",
    "md-erase-other": "Erase {name}'s account …",
    "md-will-go": "This goes:",
    "md-confirm": "Yes, erase everything now",
    "md-cancel": "Cancel",
    "md-running": "Erasing ({step}) …",
    "md-done": "Everything is erased. If you log in again, you start with an empty profile.",
    "md-done-other": "{name}'s data is erased.",
    "md-requested": "An erasure was asked for but not confirmed.",
    "md-forbidden": "Only the person themself and admins can reach this.",
    comments: "{n} comment\n{n} comments", posts: "{n} post\n{n} posts", chatMessages: "{n} chat message\n{n} chat messages",
    reactions: "{n} reaction\n{n} reactions", groups: "{n} group\n{n} groups",
    directConversations: "{n} conversation\n{n} conversations", readConfirmations: "{n} read confirmation\n{n} read confirmations",
    notifications: "{n} notification\n{n} notifications", sessions: "{n} session\n{n} sessions",
    articleDrafts: "{n} article draft\n{n} article drafts", reportsMade: "{n} report\n{n} reports",
    uploads: "{n} image\n{n} images",
  },
});

const size = (bytes) => new Intl.NumberFormat(lang(), { style: "unit", unit: bytes > 1e6 ? "megabyte" : "kilobyte",
  maximumFractionDigits: 1 }).format(bytes > 1e6 ? bytes / 1e6 : Math.max(bytes / 1e3, 0.1));

function countList(counts) {
  return el("ul", { class: "plain columns" }, Object.entries(counts).filter(([, n]) => n)
    .map(([kind, n]) => el("li", { "data-kind": kind }, t(kind, { n }))));
}

export async function mount(root) {
  const me = await api.me().catch(() => null);
  const wanted = new URLSearchParams(location.search).get("person");
  const person = wanted || me?.id;
  if (!me || !person) return;
  const self = person === me.id;
  const name = self ? me.name : person;
  const status = el("p", { role: "status", class: "muted" });
  const say = (text) => { status.textContent = text; };

  const result = el("div", { class: "md-result" });
  const download = el("button", { type: "button" }, self ? t("md-download") : t("md-download-other", { name }));
  download.addEventListener("click", async () => {
    download.disabled = true;
    say(t("md-working"));
    try {
      const made = await data.exportData(person);
      say("");
      put(result, el("p", {}, t("md-ready", { size: size(made.bytes) })),
        el("p", {}, el("a", { class: "button", href: made.url, download: "" }, t("md-get"))), countList(made.counts));
      result.querySelector("a").focus();
    } catch (error) {
      say(error.status === 403 ? t("md-forbidden") : errorText(error));
    } finally {
      download.disabled = false;
    }
  });

  const eraseArea = el("div", { class: "md-erase" });
  const erase = el("button", { type: "button", class: "danger" }, self ? t("md-erase") : t("md-erase-other", { name }));
  const showState = (state) => {
    if (state.state === "done") {
      put(eraseArea, el("p", { class: "notice" }, self ? t("md-done") : t("md-done-other", { name })));
      download.disabled = true;
    } else if (state.state === "running") {
      put(eraseArea, el("p", { class: "notice" }, t("md-running", { step: state.step || "…" })));
      setTimeout(() => data.erasure(person).then(showState).catch(() => {}), 3000);
    }
  };
  erase.addEventListener("click", async () => {
    erase.disabled = true;
    try {
      const asked = await data.askErasure(person);
      const confirm = el("button", { type: "button", class: "danger" }, t("md-confirm"));
      const cancel = el("button", { type: "button", class: "secondary" }, t("md-cancel"));
      cancel.addEventListener("click", () => { put(eraseArea, erase); erase.disabled = false; erase.focus(); });
      confirm.addEventListener("click", async () => {
        confirm.disabled = cancel.disabled = true;
        try {
          showState(await data.confirmErasure(person, asked.token));
        } catch (error) {
          say(errorText(error));
          confirm.disabled = cancel.disabled = false;
        }
      });
      put(eraseArea, el("p", {}, el("strong", {}, t("md-will-go"))), countList(asked.counts),
        el("div", { class: "form-actions" }, confirm, cancel));
      confirm.focus();
    } catch (error) {
      say(error.status === 403 ? t("md-forbidden") : errorText(error));
      erase.disabled = false;
    }
  });
  put(eraseArea, erase);

  put(root,
    el("section", { "aria-labelledby": "md-download" }, el("h2", { id: "md-download" }, t("md-download-title")),
      el("p", {}, t("md-download-text")), download, result),
    el("section", { "aria-labelledby": "md-erase" }, el("h2", { id: "md-erase" }, t("md-erase-title")),
      el("p", {}, t("md-erase-text")), eraseArea),
    status);
  try {
    const state = await data.erasure(person);
    if (state.state === "requested") add(eraseArea, el("p", { class: "muted" }, t("md-requested")));
    else showState(state);
  } catch (error) {
    if (error.status === 403) put(root, el("p", { class: "notice" }, t("md-forbidden")));
  }
}
