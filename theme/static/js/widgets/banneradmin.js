// Admins post and remove the urgent banners every page shows.
import * as api from "../api.js";
import { add, clear, el, put } from "../dom.js";
import { addStrings, errorText, t } from "../i18n.js";

addStrings({
  sv: {
    "b-text": "Meddelande (Markdown, högst 280 tecken)",
    "b-hours": "Visas i (timmar)",
    "b-level": "Typ",
    "b-urgent": "Brådskande",
    "b-info": "Information",
    "b-post": "Visa på alla sidor",
    "b-posted": "Meddelandet visas nu på alla sidor.",
    "b-removed": "Meddelandet är borttaget.",
    "b-remove": "Ta bort",
    "b-active": "Visas nu",
    "b-none": "Inga meddelanden visas just nu.",
    "b-until": "till {time}",
    "b-forbidden": "Bara administratörer lägger upp meddelanden.",
  },
  en: {
    "b-text": "Message (Markdown, at most 280 characters)",
    "b-hours": "Show for (hours)",
    "b-level": "Kind",
    "b-urgent": "Urgent",
    "b-info": "Information",
    "b-post": "Show on every page",
    "b-posted": "The message now shows on every page.",
    "b-removed": "The message is removed.",
    "b-remove": "Remove",
    "b-active": "Showing now",
    "b-none": "No messages are showing right now.",
    "b-until": "until {time}",
    "b-forbidden": "Only admins post messages.",
  },
});

export async function mount(root) {
  let me;
  try {
    me = await api.me();
  } catch (error) {
    put(root, el("p", {}, errorText(error)));
    return;
  }
  if (!me.roles.includes("admin")) {
    put(root, el("p", { class: "notice" }, t("b-forbidden")));
    return;
  }
  const status = el("p", { role: "status" });
  const list = el("ul", { class: "plain banner-list" });
  const show = (banners) => {
    clear(list);
    if (!banners.length) add(list, el("li", { class: "muted" }, t("b-none")));
    for (const banner of banners) {
      const text = el("div", { class: "banner-text" });
      text.innerHTML = banner.html; // sanitised by the server
      const remove = el("button", { type: "button" }, t("b-remove"));
      remove.addEventListener("click", async () => {
        try {
          show((await api.removeBanner(banner.id)).banners);
          status.textContent = t("b-removed");
        } catch (error) {
          status.textContent = errorText(error);
        }
      });
      add(list, el("li", { class: `banner banner-${banner.level}` }, text,
        el("span", { class: "muted" }, t("b-until", { time: new Date(banner.until).toLocaleString() })), remove));
    }
  };
  const text = el("textarea", { id: "banner-text", maxlength: 280, rows: 2, required: true });
  const hours = el("input", { id: "banner-hours", type: "number", min: 1, max: 720, value: 4, required: true });
  const level = el("select", { id: "banner-level" },
    el("option", { value: "urgent" }, t("b-urgent")), el("option", { value: "info" }, t("b-info")));
  const form = el("form", { class: "stack" },
    el("label", { for: "banner-text" }, t("b-text")), text,
    el("label", { for: "banner-hours" }, t("b-hours")), hours,
    el("label", { for: "banner-level" }, t("b-level")), level,
    el("button", { type: "submit", class: "primary" }, t("b-post")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      show((await api.postBanner(text.value, Number(hours.value), level.value)).banners);
      text.value = "";
      status.textContent = t("b-posted");
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  put(root, form, status, el("h2", {}, t("b-active")), list);
  show((await api.banners()).banners);
}
