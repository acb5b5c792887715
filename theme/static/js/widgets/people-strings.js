// Strings of the directory, profiles and search, added to i18n.js's catalogues when they load.
import { addStrings } from "../i18n.js";

addStrings({
  sv: {
    "p-search": "Sök kollega på namn, avdelning eller titel",
    "p-hint": "Skriv ett namn, en avdelning eller en titel.",
    "p-none": "Ingen kollega matchar ”{q}”.",
    "p-count": "{n} kollega\n{n} kolleger",
    "p-groups": "Grupper",
    "p-no-groups": "Inte med i några öppna grupper.",
    "p-recent": "Senast skrivet",
    "p-no-recent": "Inget skrivet än.",
    "p-about": "Om mig",
    "p-no-bio": "Ingen presentation än.",
    "p-edit-bio": "Redigera din presentation",
    "p-bio-label": "Presentation (Markdown, högst 2000 tecken)",
    "p-bio-saved": "Din presentation är sparad.",
    "p-missing": "Personen finns inte.",
    "p-post": "Inlägg",
    "p-comment": "Kommentar i ”{title}”",
    "p-comment-post": "Kommentar till ett inlägg",
    "p-email": "E-post",
    "p-phone": "Telefon",
    "s-articles": "Artiklar",
    "s-people": "Personer",
    "s-none": "Inga träffar för ”{q}”.",
    "s-all": "Visa alla träffar",
    "s-loading": "Söker …",
    "s-results": "{n} träff\n{n} träffar",
  },
  en: {
    "p-search": "Find a colleague by name, department or title",
    "p-hint": "Type a name, a department or a title.",
    "p-none": "No colleague matches “{q}”.",
    "p-count": "{n} colleague\n{n} colleagues",
    "p-groups": "Groups",
    "p-no-groups": "Not in any open groups.",
    "p-recent": "Recently written",
    "p-no-recent": "Nothing written yet.",
    "p-about": "About me",
    "p-no-bio": "No introduction yet.",
    "p-edit-bio": "Edit your introduction",
    "p-bio-label": "Introduction (Markdown, at most 2000 characters)",
    "p-bio-saved": "Your introduction is saved.",
    "p-missing": "There is no such person.",
    "p-post": "Post",
    "p-comment": "Comment on “{title}”",
    "p-comment-post": "Comment on a post",
    "p-email": "Email",
    "p-phone": "Phone",
    "s-articles": "Articles",
    "s-people": "People",
    "s-none": "Nothing found for “{q}”.",
    "s-all": "Show all results",
    "s-loading": "Searching …",
    "s-results": "{n} result\n{n} results",
  },
});

// A person's picture, or their initials when they have none.
export function avatar(document, person, size = "md") {
  if (person.photo) {
    const img = document.createElement("img");
    Object.assign(img, { src: person.photo, alt: "", width: size === "xl" ? 120 : 40, height: size === "xl" ? 120 : 40 });
    img.className = `avatar-${size}`;
    return img;
  }
  const initials = document.createElement("span");
  initials.className = `avatar-${size} initials`;
  initials.setAttribute("aria-hidden", "true");
  initials.textContent = person.name.split(/\s+/).map((part) => part[0] || "").slice(0, 2).join("").toUpperCase();
  return initials;
}
