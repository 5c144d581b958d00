// Agent Markdown -> a sanitized DOM fragment. The one place agent content becomes HTML: marked
// renders it (raw HTML kept as text, unsafe links as their source, images as links), then
// DOMPurify keeps only the tags and attributes below. Both are vendored and pinned (vendor/README.md).

import { Marked } from "../vendor/marked.esm.js";
import DOMPurify from "../vendor/purify.es.js";

const SAFE_URL = /^(?:https?:|mailto:)/i;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function safeUrl(href) {
  // Entities and control characters are how "java&#x09;script:" slips through naive checks.
  const plain = String(href || "").replace(/[\u0000-\u0020\u007f]/g, "");
  return SAFE_URL.test(plain) ? plain : null;
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    // Raw HTML (block or inline) is shown as the text the agent wrote.
    html({ text, block }) {
      const shown = escapeHtml(text.replace(/\n+$/, ""));
      return block ? `<p class="raw">${shown}</p>` : shown;
    },
    link({ href, title, tokens, raw }) {
      const url = safeUrl(href);
      if (!url) return escapeHtml(raw);
      const label = this.parser.parseInline(tokens);
      return `<a href="${escapeHtml(url)}"${title ? ` title="${escapeHtml(title)}"` : ""}>${label}</a>`;
    },
    // Images are never fetched by the page (an agent could track who reads): a link instead.
    image({ href, text, raw }) {
      const url = safeUrl(href);
      if (!url) return escapeHtml(raw);
      return `<a href="${escapeHtml(url)}" class="image-link">Image: ${escapeHtml(text || url)}</a>`;
    },
  },
});

const ALLOWED_TAGS = ["a", "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
  "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "input"];
const ALLOWED_ATTR = ["href", "title", "class", "start", "align", "type", "checked", "disabled"];

const purify = DOMPurify(window);
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    if (!safeUrl(node.getAttribute("href"))) node.removeAttribute("href");
    node.setAttribute("rel", "noopener noreferrer nofollow");
    node.setAttribute("target", "_blank");
  }
  // GFM task lists are the only inputs marked writes; they stay read-only checkboxes.
  if (node.tagName === "INPUT" && node.getAttribute("type") !== "checkbox") node.remove();
  if (node.tagName === "INPUT") node.setAttribute("disabled", "");
});

/** The Markdown `text` as a sanitized DocumentFragment (never a string of HTML). */
export function renderMarkdown(text) {
  const html = marked.parse(String(text ?? ""), { async: false }).trim();
  return purify.sanitize(html, {
    ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP: SAFE_URL,
    ALLOW_DATA_ATTR: false, RETURN_DOM_FRAGMENT: true,
  });
}

/** Whether a message is long enough to start collapsed behind "Show more". */
export function isLong(text) {
  return text.length > 1200 || text.split("\n").length > 18;
}
