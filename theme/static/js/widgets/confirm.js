// A question before something that cannot be undone, in the page's own dialog (not the browser's confirm()).
import { add, el } from "../dom.js";
import { t } from "../i18n.js";

export function confirmDialog(question, yes) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const dialog = el("dialog", { class: "confirm-dialog", "aria-labelledby": "confirm-question" },
      el("form", { method: "dialog" }, el("h2", { id: "confirm-question" }, question),
        el("div", { class: "form-actions" },
          el("button", { value: "yes", class: "danger" }, yes),
          el("button", { value: "no", class: "secondary", autofocus: true }, t("cancel")))));
    dialog.addEventListener("close", () => { dialog.remove(); opener?.focus?.(); resolve(dialog.returnValue === "yes"); });
    add(document.body, dialog);
    dialog.showModal();
  });
}
