// Text pasted from Word, Google Docs or a web page, as clean Markdown: structure kept
// (headings, bold, italic, links, lists, quotes), styles, classes and scripts dropped.
// The HTML is parsed by DOMParser into an inert document: nothing in it runs or loads.

const BLOCKS = new Set(["P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "LI", "BLOCKQUOTE", "PRE", "TABLE", "TR", "HR"]);

const BLOCK_SELECTOR = [...BLOCKS].map((tag) => tag.toLowerCase()).join(",");
// An element that holds blocks is walked as blocks, whatever its own tag (Docs' outer <b>).
const holdsBlocks = (node) => node.nodeType === Node.ELEMENT_NODE && (BLOCKS.has(node.tagName) || node.querySelector(BLOCK_SELECTOR));

function styleOf(node) {
  return (node.getAttribute && node.getAttribute("style") || "").toLowerCase();
}

function isBold(node) {
  const style = styleOf(node);
  if (/font-weight\s*:\s*(normal|400)/.test(style)) return false; // Google Docs wraps everything in <b style=normal>
  return node.tagName === "STRONG" || node.tagName === "B" || /font-weight\s*:\s*(bold|[6-9]00)/.test(style);
}

function isItalic(node) {
  return node.tagName === "EM" || node.tagName === "I" || /font-style\s*:\s*italic/.test(styleOf(node));
}

function inline(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent.replace(/\s+/g, " ");
  if (node.nodeType !== Node.ELEMENT_NODE) return "";
  if (["SCRIPT", "STYLE", "META", "TITLE", "HEAD", "IMG"].includes(node.tagName)) return "";
  if (node.tagName === "BR") return "\n";
  let text = [...node.childNodes].map(inline).join("");
  if (node.tagName === "A") {
    const href = node.getAttribute("href") || "";
    if (/^(https?:|mailto:|\/)/i.test(href) && text.trim()) text = `[${text.trim()}](${href})`;
  }
  if (node.tagName === "CODE") return text.trim() ? "`" + text + "`" : "";
  const bold = isBold(node);
  const italic = isItalic(node);
  if ((bold || italic) && text.trim()) {
    const mark = (bold ? "**" : "") + (italic ? "*" : "");
    const [, lead, core, tail] = text.match(/^(\s*)(.*?)(\s*)$/s);
    text = `${lead}${mark}${core}${[...mark].reverse().join("")}${tail}`;
  }
  return text;
}

function block(node, out, depth = 0) {
  if (node.nodeType !== Node.ELEMENT_NODE) {
    const text = inline(node).trim();
    if (text) out.push(text);
    return;
  }
  const tag = node.tagName;
  if (["SCRIPT", "STYLE", "META", "TITLE", "HEAD"].includes(tag)) return;
  if (/^H[1-6]$/.test(tag)) {
    const level = Math.max(2, Number(tag[1])); // the title is the page's h1
    const text = inline(node).trim();
    if (text) out.push("#".repeat(level) + " " + text.replace(/\*\*/g, ""));
    return;
  }
  if (tag === "UL" || tag === "OL") {
    const items = [];
    let number = 1;
    for (const item of node.children) {
      if (item.tagName !== "LI") continue;
      const nested = [];
      const own = [...item.childNodes].filter((child) => !(child.tagName === "UL" || child.tagName === "OL"));
      const text = own.map(inline).join("").replace(/\s+/g, " ").trim();
      const marker = tag === "OL" ? `${number++}.` : "-";
      items.push("  ".repeat(depth) + `${marker} ${text}`);
      for (const child of item.children) if (child.tagName === "UL" || child.tagName === "OL") block(child, nested, depth + 1);
      items.push(...nested);
    }
    if (items.length) out.push(items.join("\n"));
    return;
  }
  if (tag === "BLOCKQUOTE") {
    const inner = [];
    for (const child of node.childNodes) block(child, inner, depth);
    if (inner.length) out.push(inner.join("\n\n").split("\n").map((line) => "> " + line).join("\n"));
    return;
  }
  if (tag === "PRE") {
    out.push("```\n" + node.textContent.replace(/\n$/, "") + "\n```");
    return;
  }
  if (tag === "HR") {
    out.push("---");
    return;
  }
  if (!node.querySelector(BLOCK_SELECTOR)) {
    const text = inline(node).replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
    if (text) out.push(text);
    return;
  }
  let run = [];
  const flush = () => {
    const text = run.map(inline).join("").trim();
    if (text) out.push(text);
    run = [];
  };
  for (const child of node.childNodes) {
    if (holdsBlocks(child)) {
      flush();
      block(child, out, depth);
    } else {
      run.push(child);
    }
  }
  flush();
}

export function htmlToMarkdown(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const out = [];
  block(doc.body, out);
  return out.join("\n\n").replace(/\u00a0/g, " ").trim();
}
