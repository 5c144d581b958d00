// Who is signed in: the session token (kept across reloads) and the user it belongs to.

import { toast } from "./dom.js";

const TOKEN_KEY = "agentchat.token";

let token = localStorage.getItem(TOKEN_KEY);
let user = null;

export function sessionToken() {
  return token;
}

export function currentUser() {
  return user;
}

/** Remembers the user `/me` answered for the stored token. */
export function knowUser(me) {
  user = me;
}

/** After a sign-in: keeps the token for the next visit. */
export function signedIn(newToken, me) {
  token = newToken;
  user = me;
  localStorage.setItem(TOKEN_KEY, newToken);
}

/** Forgets the session and goes to the sign-in page. */
export function signedOut(message) {
  token = null;
  user = null;
  localStorage.removeItem(TOKEN_KEY);
  if (message) toast(message);
  location.hash = "#/login";
}

export const SESSION_ENDED = "Your session has ended. Please sign in again.";
