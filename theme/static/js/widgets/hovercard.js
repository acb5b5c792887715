// A person's card over their name (desktop: hover or keyboard focus on any name link): face, title,
// department, "Skicka meddelande" and the profile. Escape or moving away closes it.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { avatar, profileUrl } from "../faces.js";
import { addStrings, errorText, t } from "../i18n.js";

addStrings({
  sv: { "hc-message": "Skicka meddelande", "hc-profile": "Visa profil", "hc-left": "Har slutat" },
  en: { "hc-message": "Send a message", "hc-profile": "View profile", "hc-left": "Has left" },
});

const people = new Map(); // id → the profile's promise: one request per person and page
const card = el("div", { class: "panel hovercard", role: "dialog", hidden: true });
let showing = null;
let timer = null;
let dismissed = null; // the name whose card Escape closed: focus going back to it does not reopen it

export function mount() {
  add(document.body, card);
  const over = (event) => {
    const link = event.target.closest?.("a.person-link[data-person]");
    if (!link || link === showing || link === dismissed) return;
    clearTimeout(timer);
    timer = setTimeout(() => show(link), event.type === "focusin" ? 0 : 450);
  };
  const away = (event) => {
    const to = event.relatedTarget;
    if (to && (card.contains(to) || to.closest?.("a.person-link") === showing)) return;
    clearTimeout(timer);
    timer = setTimeout(hide, 250);
  };
  document.addEventListener("mouseover", over);
  document.addEventListener("focusin", over);
  const leave = (event) => {
    if (dismissed && event.target.closest?.("a.person-link") === dismissed && event.relatedTarget?.closest?.("a.person-link") !== dismissed) dismissed = null;
    if (showing) away(event);
  };
  document.addEventListener("mouseout", leave);
  document.addEventListener("focusout", leave);
  card.addEventListener("mouseover", () => clearTimeout(timer));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !showing) return;
    // Focus goes back to the name only from the card or the name itself (never out of what is being typed).
    const link = showing;
    const back = card.contains(document.activeElement) || document.activeElement === link;
    hide();
    if (back) {
      dismissed = link;
      link.focus();
    }
  });
}

function hide() {
  card.hidden = true;
  showing = null;
}

async function show(link) {
  const id = link.dataset.person;
  if (!people.has(id)) people.set(id, api.person(id));
  let person;
  try {
    person = await people.get(id);
  } catch {
    return;
  }
  showing = link;
  const me = await api.me().catch(() => ({ id: "" }));
  const message = el("button", { type: "button", class: "button" }, t("hc-message"));
  message.addEventListener("click", async () => {
    try {
      const room = await api.startDirect([person.id]);
      location.assign(`${document.body.dataset.site || "/"}chat/?room=${encodeURIComponent(room.id)}`);
    } catch (error) { message.textContent = errorText(error); }
  });
  const left = person.active === false; // the directory says they have left: no message, and it says so
  put(card, el("div", { class: "hovercard-head" }, avatar(person, "lg"),
    el("div", {}, el("strong", {}, person.name), left ? el("span", { class: "left-label" }, t("hc-left")) : null, el("br"),
      el("span", { class: "muted" }, [person.title, person.department].filter(Boolean).join(" · ")))),
  el("div", { class: "form-actions" }, me.id === person.id || left ? null : message,
    el("a", { href: profileUrl(person.id) }, t("hc-profile"))));
  card.setAttribute("aria-label", person.name);
  // Under the name, kept inside the window (CSSOM, which the CSP allows).
  const box = link.getBoundingClientRect();
  card.hidden = false;
  const x = Math.min(box.left + scrollX, scrollX + document.documentElement.clientWidth - card.offsetWidth - 8);
  card.style.left = `${Math.max(8, x)}px`;
  card.style.top = `${box.bottom + scrollY + 6}px`;
}
