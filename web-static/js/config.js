// Where the APIs are: config.json (written by the deployment), else this origin's /api and /ws.

let current = null;

/** Reads config.json once, at start. */
export async function loadConfig() {
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    current = await response.json();
  } catch {
    current = { apiBase: location.origin + "/api", wsUrl: location.origin.replace(/^http/, "ws") + "/ws" };
  }
  return current;
}

/** `{apiBase, wsUrl}`, after loadConfig. */
export function config() {
  return current;
}
