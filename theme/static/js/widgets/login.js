// The login page: carry ?next= to the API's login, and say why we are here.
import * as api from "../api.js";

export function mount(root, config) {
  const params = new URLSearchParams(window.location.search);
  if (root.dataset.widget === "login-link") {
    const next = params.get("next");
    // Only local paths; the API refuses anything else too.
    if (next && next.startsWith("/") && !next.startsWith("//") && !next.includes("\\")) {
      root.href = api.loginUrl(next);
    }
    return;
  }
  const message = params.has("loggedout") ? config.loggedOut : params.has("error") ? config.failed : "";
  if (message) {
    root.textContent = message;
    root.setAttribute("role", "status");
    root.hidden = false;
  }
}
