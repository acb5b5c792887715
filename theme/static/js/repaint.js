// The last answer a page showed, kept for this tab only (sessionStorage: gone when the tab closes, and
// cleared at logout), so coming back to a page paints its content at once and then brings it up to date.
const PREFIX = "torget:last:";

export function remembered(name) {
  try {
    return JSON.parse(sessionStorage.getItem(PREFIX + name));
  } catch {
    return null; // storage off or full: the page waits for the server as before
  }
}

export function remember(name, value) {
  try { sessionStorage.setItem(PREFIX + name, JSON.stringify(value)); } catch { /* storage off or full */ }
}

export function forgetAll() {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
  } catch { /* nothing kept */ }
}
