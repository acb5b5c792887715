// @mention autocomplete for a textarea: typing "@" and a letter lists colleagues (face, name, department);
// arrow keys move, Enter or Tab picks (writing "@their.id", which the server turns into a link), Escape closes.
// The text box keeps the focus; aria-activedescendant names the option that Enter would pick.
import * as api from "./api.js";
import { el, put } from "./dom.js";
import { avatar } from "./faces.js";

const WORD = /(^|[\s(])@([\p{L}\p{N}._-]{1,40})$/u;
let count = 0;

export function attachMentions(area) {
  const id = `mention-list-${++count}`;
  const list = el("ul", { id, class: "panel menu-list mention-list", role: "listbox", hidden: true });
  let found = [];
  let active = -1;
  let asked = 0;
  // A text box with a list popup: aria-expanded is not allowed on a textbox, the list's visibility says it.
  area.setAttribute("aria-autocomplete", "list");
  area.setAttribute("aria-controls", id);
  area.after(list);
  area.parentElement.classList.add("mention-host");

  const close = () => {
    list.hidden = true;
    area.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = (index) => {
    active = index;
    [...list.children].forEach((item, n) => item.setAttribute("aria-selected", String(n === index)));
    if (index >= 0) area.setAttribute("aria-activedescendant", `${id}-${index}`);
  };
  const pick = (person) => {
    const before = area.value.slice(0, area.selectionStart).replace(WORD, `$1@${person.id} `);
    const after = area.value.slice(area.selectionStart);
    area.value = before + after;
    area.setSelectionRange(before.length, before.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
    close();
  };
  const show = (people) => {
    found = people.slice(0, 6);
    if (!found.length) return close();
    put(list, ...found.map((person, n) => {
      const item = el("li", { id: `${id}-${n}`, role: "option", "aria-selected": "false" }, avatar(person, "xs"),
        el("span", {}, el("bdi", {}, person.name), " ", el("span", { class: "muted" }, person.department || person.title || "")));
      item.addEventListener("mousedown", (event) => { event.preventDefault(); pick(person); });
      return item;
    }));
    // Just under the text box (CSSOM, which the CSP allows), whatever layout its form has.
    list.style.top = `${area.offsetTop + area.offsetHeight + 4}px`;
    list.style.left = `${area.offsetLeft}px`;
    list.hidden = false;
    mark(0);
  };

  area.addEventListener("input", async () => {
    const typed = WORD.exec(area.value.slice(0, area.selectionStart));
    if (!typed) return close();
    const mine = ++asked;
    try {
      const people = (await api.people(typed[2].replace(/[._-]/g, " "))).people;
      if (mine === asked) show(people);
    } catch { close(); }
  });
  area.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      mark((active + (event.key === "ArrowDown" ? 1 : found.length - 1)) % found.length);
    } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
      event.preventDefault();
      event.stopImmediatePropagation(); // Enter picks here; it does not send the message
      pick(found[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  }, true);
  area.addEventListener("blur", close);
  // This module loads on the first focus: what was typed while it loaded is looked up now.
  if (WORD.test(area.value.slice(0, area.selectionStart))) area.dispatchEvent(new Event("input"));
}

// For a composer: the autocomplete loads on the text box's first focus (reading a page does not pay for it).
export function mentionsOnFocus(area) {
  area.addEventListener("focus", () => attachMentions(area), { once: true });
}
