// Comment and reaction counts on listing pages: one request for every card on the page.
import * as api from "../api.js";
import { el, icon, put } from "../dom.js";
import { addStrings, t } from "../i18n.js";

addStrings({
  sv: { "comments-count": "{n} kommentar\n{n} kommentarer", "reactions-count": "{n} reaktion\n{n} reaktioner", "ack-confirmed": "Bekräftad ✓" },
  en: { "comments-count": "{n} comment\n{n} comments", "reactions-count": "{n} reaction\n{n} reactions", "ack-confirmed": "Confirmed ✓" },
});

// Our own small icons beside the words (no emoji font needed): a speech bubble and a heart.
const BUBBLE = [["path", { d: "M4 5h16v11H9l-5 4z" }]];
const HEART = [["path", { d: "M12 20s-7-4.3-8.8-8.7C1.8 7.8 3.9 4.5 7.2 4.5c2 0 3.4 1 4.8 2.8 1.4-1.8 2.8-2.8 4.8-2.8 3.3 0 5.4 3.3 4 6.8C19 15.7 12 20 12 20z" }]];

export async function mount(nodes) {
  const byId = new Map();
  for (const node of nodes) byId.set(node.dataset.countsFor, [...(byId.get(node.dataset.countsFor) || []), node]);
  const ids = [...byId.keys()];
  for (let start = 0; start < ids.length; start += 50) {
    let result;
    try {
      result = await api.counts(ids.slice(start, start + 50));
    } catch {
      return; // counts are a nicety; the page reads fine without them
    }
    for (const [id, counts] of Object.entries(result.threads)) {
      const reactions = Object.values(counts.reactions).reduce((sum, n) => sum + n, 0);
      const parts = [];
      if (counts.comments) parts.push([BUBBLE, t("comments-count", { n: counts.comments })]);
      if (reactions) parts.push([HEART, t("reactions-count", { n: reactions })]);
      for (const node of byId.get(id) || []) {
        put(node, ...parts.map(([shapes, words], index) =>
          el("span", { class: "count-part" }, index ? " · " : null, icon(shapes), words)));
        const label = counts.confirmed && node.closest(".card")?.querySelector(".ack-label");
        if (label) { label.textContent = t("ack-confirmed"); label.classList.add("done"); }
      }
    }
  }
}
