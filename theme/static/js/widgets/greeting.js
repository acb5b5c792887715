// "Hej, Karin!" under the home page's heading.
import * as api from "../api.js";
import { fill } from "../dom.js";

export async function mount(root, config) {
  try {
    const person = await api.me();
    root.textContent = fill(config.template, { name: person.name.split(" ")[0] });
  } catch {
    root.textContent = "";
  }
}
