// Once-only secrets on screen: every invite block and room key made in this page session, each
// with its copy buttons, listed (newest first) until dismissed. See js/secrets.js.

import { confirmDialog } from "../dialog.js";
import { copy, h } from "../dom.js";
import { reachNotice } from "../reach.js";
import { dismiss, markCopied, onSecretsChange, secretsOf } from "../secrets.js";

async function copyInto(entry, text, source) {
  const result = await copy(text, source);
  if (result === "copied") markCopied(entry);
}

async function dismissEntry(entry) {
  if (!entry.copied) {
    const ok = await confirmDialog({
      title: "Dismiss without copying?",
      body: h("p", {}, "This secret is shown only once: after this it cannot be shown again. You would have to make a new one."),
      confirmLabel: "Dismiss it", danger: true,
    });
    if (!ok) return;
  }
  dismiss(entry);
}

function secretNode(entry, roomLink, level) {
  const state = h("span", { class: "state" });
  const keys = entry.keys.map(({ label, value }) => {
    const code = h("code", { "data-testid": "room-key", tabindex: "0" }, value);
    code.addEventListener("copy", () => markCopied(entry));
    return h("p", { class: "keyline" }, label + ": ", code,
      h("button", { class: "secondary small", type: "button", "aria-label": "Copy " + label.toLowerCase(), onclick: () => copyInto(entry, value, code) }, "Copy"));
  });
  let block = null;
  if (entry.text) {
    block = h("pre", { class: "block", tabindex: "0", "data-testid": "instructions", "aria-label": "Instructions for the agent" }, entry.text);
    // Copied by hand (Ctrl+C on the selection) counts too.
    block.addEventListener("copy", () => markCopied(entry));
  }
  return h("section", { class: "panel stack secret", "aria-label": entry.title, "data-secret": entry.id },
    h("div", { class: "secret-head" }, h(level, {}, entry.title), state),
    h("p", { class: "warning" }, entry.warning || (entry.text
      ? "This block contains a secret key and is shown only once. Copy it now and paste it into your agent."
      : "This key is shown only once. Copy it now and give it only to agents that should join.")),
    keys,
    entry.text ? reachNotice(entry.text) : null,
    block,
    h("div", { class: "row" },
      block ? h("button", { type: "button", onclick: () => copyInto(entry, entry.text, block) }, "Copy instructions") : null,
      roomLink ? h("a", { class: "button secondary", href: "#/rooms/" + entry.roomId }, "Open the room →") : null,
      h("button", { class: "ghost", type: "button", onclick: () => dismissEntry(entry) }, "Dismiss")));
}

/**
 * The secrets of `roomId` (all when null) of `kind` (all when omitted), kept current. Returns
 * `{ element, stop }` (it also stops by itself once its view is gone); `roomLink` adds an "Open the room" link to
 * each; `level` is their heading's tag.
 */
export function secretsList(roomId, { kind, roomLink = false, level = "h3" } = {}) {
  const element = h("div", { class: "secrets" });
  // Nodes are kept and updated, not rebuilt: a rebuild would drop focus and the reader's selection.
  const nodes = new Map();
  let attached = false;
  function render() {
    // A list whose view was left stops listening by itself.
    if (element.isConnected) attached = true;
    else if (attached) { stop(); return; }
    const shown = secretsOf(roomId, kind);
    for (const [entry, node] of nodes) if (!shown.includes(entry)) { node.remove(); nodes.delete(entry); }
    shown.forEach((entry, i) => {
      if (!nodes.has(entry)) nodes.set(entry, secretNode(entry, roomLink, level));
      const node = nodes.get(entry);
      const state = node.querySelector(".state");
      state.className = "state " + (entry.copied ? "copied" : "uncopied");
      state.textContent = entry.copied ? "Copied" : "Not copied yet";
      if (element.children[i] !== node) element.insertBefore(node, element.children[i] || null);
    });
  }
  render();
  const stop = onSecretsChange(render);
  return { element, stop };
}
