// Comment and reaction counts on listing pages: one request for every card on the page.
import * as api from "../api.js";
import { t } from "../i18n.js";

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
      if (counts.comments) parts.push("💬 " + t("comments-count", { n: counts.comments }));
      if (reactions) parts.push("❤️ " + t("reactions-count", { n: reactions }));
      for (const node of byId.get(id) || []) {
        node.textContent = parts.join(" · ");
        node.hidden = parts.length === 0;
      }
    }
  }
}
