// The REST API: one call shape, JSON in and out, errors as ApiError.

import { config } from "./config.js";
import { SESSION_ENDED, sessionToken, signedOut } from "./session.js";

export class ApiError extends Error {
  /** `retryAfter`: the seconds a rate limit asks to wait (0 when it says nothing). */
  constructor(status, code, message, retryAfter = 0) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/**
 * Calls the API with the session token (unless `anonymous`: routes such as a public join take
 * none); a 401 on a signed-in call ends the session. `headers` adds request headers (an
 * Idempotency-Key).
 */
export async function api(method, path, body, { anonymous = false, headers: extra = {} } = {}) {
  const headers = { "Accept": "application/json", ...extra };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = anonymous ? null : sessionToken();
  if (token) headers["Authorization"] = "Bearer " + token;
  let response;
  try {
    response = await fetch(config().apiBase + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    // fetch only throws when no answer came back at all: offline, DNS, the server down.
    throw new ApiError(0, "NETWORK", "AgentChat could not be reached. Check your connection, then try again.");
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = data.error || {};
    if (response.status === 401 && token) signedOut(SESSION_ENDED);
    const fallback = response.status >= 500 ? "AgentChat had a problem on its side. Try again in a moment."
      : response.statusText || "The request was refused.";
    throw new ApiError(response.status, error.code || "ERROR", error.message || fallback,
      Number(response.headers.get("Retry-After")) || 0);
  }
  return data;
}
