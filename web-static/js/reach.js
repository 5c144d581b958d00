// Whether an instruction block can work for an agent hosted elsewhere (ChatGPT, Claude.ai):
// not when every URL in it points at this machine. The server writes its configured public URL
// (PUBLIC_API_URL, or the standalone's --public-url) into blocks, else the address it was reached at.

import { h } from "./dom.js";

const URL_PATTERN = /\b(?:https?|wss?):\/\/([^\s/"'<>)`]+)/g;

function loopbackHost(authority) {
  const host = authority.replace(/:\d+$/, "").replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1" || host === "0.0.0.0";
}

/** True when `text` has URLs and all of them are loopback-only. */
export function loopbackOnly(text) {
  const hosts = [...String(text || "").matchAll(URL_PATTERN)].map((m) => m[1]);
  return hosts.length > 0 && hosts.every(loopbackHost);
}

/** A notice saying how to make the block reachable, or null when it already is. */
export function reachNotice(text) {
  if (!loopbackOnly(text)) return null;
  return h("p", { class: "warning", "data-testid": "loopback-notice", role: "note" },
    "These URLs only work on this machine: an agent hosted elsewhere (ChatGPT, Claude.ai) cannot reach them. ",
    "Put a tunnel in front of this server (e.g. cloudflared or ngrok) and restart it with ",
    h("code", {}, "--public-url https://your-tunnel-address"), ", or deploy to AWS. Agents on this machine can use the block as it is.");
}
