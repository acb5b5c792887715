// Strings the widgets make themselves; page strings come translated from the theme.
const catalogues = {
  sv: {
    "error-network": "Ingen kontakt med servern. Försök igen.",
    "error-generic": "Något gick fel. Försök igen.",
    "error-forbidden": "Det har du inte behörighet till.",
    "error-rate": "Du skriver för fort. Vänta en stund och försök igen.",
    "comment-label": "Skriv en kommentar",
    "reply-label": "Svara {name}",
    "edit-label": "Redigera din kommentar",
    "markdown-hint": "Markdown fungerar: **fet**, *kursiv*, [länk](https://…), @förnamn.efternamn",
    "send": "Skicka",
    "sending": "Skickar …",
    "save": "Spara",
    "cancel": "Avbryt",
    "preview": "Förhandsgranska",
    "preview-empty": "Inget att förhandsgranska än.",
    "reply": "Svara",
    "edit": "Redigera",
    "delete": "Ta bort",
    "confirm-delete": "Ta bort kommentaren?",
    "edited": "redigerad",
    "removed": "Kommentaren har tagits bort.",
    "hidden": "Dolt av en moderator.",
    "report": "Anmäl",
    "replying-to": "svar till {name}",
    "more": "Visa fler kommentarer",
    "empty": "Inga kommentarer än. Skriv den första!",
    "comments-off": "Kommentarer är avstängda.",
    "posted": "Din kommentar är publicerad.",
    "deleted": "Kommentaren är borttagen.",
    "reactions": "Reaktioner", "react-pick": "Välj reaktion",
    "like": "Gilla", "heart": "Hjärta", "celebrate": "Fira", "laugh": "Skratta", "wow": "Wow", "sad": "Ledsen",
  },
  en: {
    "error-network": "Cannot reach the server. Try again.",
    "error-generic": "Something went wrong. Try again.",
    "error-forbidden": "You are not allowed to do that.",
    "error-rate": "You are writing very fast. Wait a moment and try again.",
    "comment-label": "Write a comment",
    "reply-label": "Reply to {name}",
    "edit-label": "Edit your comment",
    "markdown-hint": "Markdown works: **bold**, *italic*, [link](https://…), @first.last",
    "send": "Send",
    "sending": "Sending …",
    "save": "Save",
    "cancel": "Cancel",
    "preview": "Preview",
    "preview-empty": "Nothing to preview yet.",
    "reply": "Reply",
    "edit": "Edit",
    "delete": "Delete",
    "confirm-delete": "Delete this comment?",
    "edited": "edited",
    "removed": "This comment was removed.",
    "hidden": "Hidden by a moderator.",
    "report": "Report",
    "replying-to": "reply to {name}",
    "more": "Show more comments",
    "empty": "No comments yet. Write the first one!",
    "comments-off": "Comments are turned off.",
    "posted": "Your comment is published.",
    "deleted": "The comment is deleted.",
    "reactions": "Reactions", "react-pick": "Pick a reaction",
    "like": "Like", "heart": "Love", "celebrate": "Celebrate", "laugh": "Laugh", "wow": "Wow", "sad": "Sad",
  },
};

// Widgets that only some pages load bring their own strings (keeps article pages light).
export function addStrings(more) {
  for (const [language, strings] of Object.entries(more)) Object.assign(catalogues[language], strings);
}

export const lang = () => (document.body.dataset.lang === "en" ? "en" : "sv");

// t("key", {n: 2}) fills {placeholders}; "one\nmany" strings pick a plural by n.
export function t(key, values = {}) {
  let text = catalogues[lang()][key] ?? catalogues.en[key] ?? key;
  if (text.includes("\n")) text = text.split("\n")[values.n === 1 ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

const units = [["year", 31536e6], ["month", 2592e6], ["week", 6048e5], ["day", 864e5], ["hour", 36e5], ["minute", 6e4]];

export function ago(iso) {
  const format = new Intl.RelativeTimeFormat(lang(), { numeric: "auto" });
  const diff = new Date(iso).getTime() - Date.now();
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, "minute");
}

export function errorText(error) {
  if (error.status === 0) return t("error-network");
  if (error.status === 429) return t("error-rate");
  if (error.status === 403 && !error.message) return t("error-forbidden");
  return error.message || t("error-generic");
}
