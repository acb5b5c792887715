// People moments on the home page: this month's new colleagues (with "Say welcome", a direct message) and
// work anniversaries. Hidden when there are none; people who opted out are never listed (the server says).
import * as api from "../api.js";
import { el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { personLink } from "../faces.js";
import "./people-strings.js";

const day = (iso) => new Date(iso).toLocaleDateString(document.documentElement.lang, { day: "numeric", month: "long" });

function welcomeButton(person, me) {
  if (person.id === me) return el("span", { class: "muted" }, t("p-its-you"));
  const button = el("button", { type: "button", class: "outline-button" }, t("p-welcome"));
  const status = el("span", { class: "muted", role: "status" });
  const first = person.name.split(" ")[0];
  button.setAttribute("aria-label", t("p-welcome-who", { name: person.name }));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const room = await api.startDirect([person.id]);
      await api.sendMessage(room.id, t("p-welcome-text", { name: first }), `welcome-${Date.now().toString(36)}`);
      button.textContent = t("p-welcomed");
      status.textContent = "";
    } catch (error) {
      button.disabled = false;
      status.textContent = errorText(error);
    }
  });
  return el("span", { class: "moment-action" }, button, status);
}

export async function mount(root) {
  let found, me;
  try {
    [found, me] = await Promise.all([api.moments(), api.me().catch(() => ({}))]);
  } catch { return; } // the home page reads fine without them
  const parts = [];
  if (found.newColleagues.length) {
    parts.push(el("h2", { id: "new-heading" }, t("p-new")),
      el("ul", { class: "moment-list", "aria-labelledby": "new-heading" }, found.newColleagues.map((person) =>
        el("li", { class: "moment" }, personLink(person, "md"),
          el("span", { class: "muted moment-note" }, [person.title, t("p-started", { date: day(person.startDate) })].filter(Boolean).join(" · ")),
          welcomeButton(person, me.id)))));
  }
  if (found.anniversaries.length) {
    parts.push(el("h2", { id: "anniversary-heading" }, t("p-anniversaries")),
      el("ul", { class: "moment-list", "aria-labelledby": "anniversary-heading" }, found.anniversaries.map((person) =>
        el("li", { class: "moment" }, personLink(person, "sm"), el("span", { class: "muted" }, t("p-years", { n: person.years }))))));
  }
  if (!parts.length) return;
  put(root, ...parts);
  root.hidden = false;
}
