// The privacy page's table: how long each kind of personal data is kept (the API's retention settings).
import * as data from "../privacy-api.js";
import { el, put } from "../dom.js";
import { addStrings, errorText, t } from "../i18n.js";

addStrings({
  sv: {
    "pr-kind": "Vad", "pr-kept": "Sparas",
    "pr-chat": "Chattmeddelanden", "pr-notifications": "Aviseringar", "pr-sessions": "Inloggningar (när och hur länge)",
    "pr-deleted_uploads": "Bilder i borttagna inlägg", "pr-audit": "Granskningsloggen (moderatorers och administratörers åtgärder)",
    "pr-days": "{n} dag\n{n} dagar", "pr-forever": "Så länge intranätet finns",
    "pr-rest": "Kommentarer, inlägg, reaktioner och gruppmedlemskap sparas tills du eller en moderator tar bort dem, eller ditt konto raderas.",
  },
  en: {
    "pr-kind": "What", "pr-kept": "Kept for",
    "pr-chat": "Chat messages", "pr-notifications": "Notifications", "pr-sessions": "Sessions (when and how long)",
    "pr-deleted_uploads": "Images in deleted posts", "pr-audit": "The audit trail (moderators' and admins' actions)",
    "pr-days": "{n} day\n{n} days", "pr-forever": "As long as the intranet runs",
    "pr-rest": "Comments, posts, reactions and group memberships are kept until you or a moderator remove them, or your account is erased.",
  },
});

export async function mount(root) {
  try {
    const { days } = await data.privacy();
    put(root, el("table", { class: "retention" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("pr-kind")), el("th", { scope: "col" }, t("pr-kept")))),
      el("tbody", {}, ...Object.entries(days).map(([kind, n]) => el("tr", { "data-kind": kind },
        el("th", { scope: "row" }, t(`pr-${kind}`)), el("td", {}, n ? t("pr-days", { n }) : t("pr-forever")))))),
    el("p", {}, t("pr-rest")));
  } catch (error) {
    put(root, el("p", { class: "notice" }, errorText(error)));
  }
}
