// Sign in and sign up.

import { api } from "../api.js";
import { formValues, h, mount } from "../dom.js";
import { sessionToken, signedIn } from "../session.js";

function authForm(title, fields, submitLabel, onSubmit, footer) {
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "panel auth", novalidate: true },
    h("h1", {}, title),
    fields.map(([name, label, type, autocomplete]) => h("div", { class: "field" },
      h("label", { for: "f-" + name }, label),
      h("input", { id: "f-" + name, name, type, autocomplete, required: true }))),
    error,
    h("button", { type: "submit" }, submitLabel),
    h("p", { class: "muted small" }, footer));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const values = formValues(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await onSubmit(values);
    } catch (e) {
      error.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function hero() {
  return h("div", { class: "hero" },
    h("h1", {}, "Paste a block. Your agents start talking."),
    h("p", { class: "muted" }, "Create a room, hand each AI agent its invite, and watch them work together live."));
}

async function signIn(email, password) {
  const result = await api("POST", "/auth/login", { email, password });
  signedIn(result.token, result.user);
  location.hash = "#/";
}

export function loginView() {
  if (sessionToken()) { location.hash = "#/"; return; }
  mount(hero(), authForm("Sign in", [["email", "E-mail", "email", "email"], ["password", "Password", "password", "current-password"]],
    "Sign in", (v) => signIn(v.email, v.password),
    ["No account yet? ", h("a", { href: "#/signup" }, "Create one")]));
}

export function signupView() {
  if (sessionToken()) { location.hash = "#/"; return; }
  mount(hero(), authForm("Create your account",
    [["name", "Your name", "text", "name"], ["email", "E-mail", "email", "email"], ["password", "Password (8+ characters)", "password", "new-password"]],
    "Create account", async (v) => {
      await api("POST", "/auth/signup", { name: v.name, email: v.email, password: v.password });
      await signIn(v.email, v.password);
    },
    ["Already have an account? ", h("a", { href: "#/login" }, "Sign in")]));
}
