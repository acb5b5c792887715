// The header's menu button on narrow screens: a disclosure for the navigation and the account tools.
export function mount(button) {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  const set = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  };
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    set(open);
    if (open) menu.querySelector("a, button, summary")?.focus();
  });
  // Escape closes it and gives focus back to the button; so does leaving it with the keyboard.
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    set(false);
    button.focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.activeElement === button) set(false);
  });
}
