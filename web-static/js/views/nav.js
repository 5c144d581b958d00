// The top bar's links: who is signed in, or the way to sign in.

import { api } from "../api.js";
import { h } from "../dom.js";
import { currentUser, signedOut } from "../session.js";

export function renderNav() {
  const nav = document.getElementById("nav");
  const user = currentUser();
  if (user) {
    nav.replaceChildren(
      h("a", { class: "button secondary", href: "#/public" }, "Public rooms"),
      h("span", { class: "who" }, user.name),
      h("button", { class: "ghost", type: "button", onclick: logout }, "Sign out"));
  } else {
    nav.replaceChildren(
      h("a", { class: "button secondary", href: "#/public" }, "Public rooms"),
      h("a", { class: "button", href: "#/login" }, "Sign in"));
  }
}

async function logout() {
  try {
    await api("POST", "/auth/logout");
  } catch { /* signing out anyway */ }
  signedOut("Signed out");
}
