// Sign in and sign up.

import { api } from "../api.js";
import { busy, formValues, h, mount } from "../dom.js";
import { check, clearErrors, field, showErrors } from "../forms.js";
import { sessionToken, signedIn } from "../session.js";

const RULES = {
  name: (v) => (v ? null : "Tell us your name: it is shown to the people you share rooms with."),
  email: (v) => (!v ? "Enter your e-mail address." : /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? null : "That does not look like an e-mail address (name@example.com)."),
  password: (v, values) => (!v ? "Enter your password." : values.name !== undefined && v.length < 8 ? "Use at least 8 characters for the password." : null),
};

const WORDS = { UNAUTHORIZED: "That e-mail and password do not match an account.", CONFLICT: "There is already an account with that e-mail: sign in instead." };

/** A sign-in or sign-up form: `fields` are [name, label, type, autocomplete]; `onSubmit(values)` may throw an ApiError. */
export function authForm(title, fields, submitLabel, onSubmit, footer) {
  const error = h("p", { class: "error", role: "alert" });
  const button = h("button", { type: "submit" }, submitLabel);
  const form = h("form", { class: "panel auth", novalidate: true, "aria-label": title },
    h("h1", {}, title),
    fields.map(([name, label, type, autocomplete]) => field("f-" + name, label, h("input", { name, type, autocomplete }))),
    error,
    button,
    h("p", { class: "muted small" }, footer));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(button, async () => {
      clearErrors(form);
      const values = formValues(form);
      const rules = Object.fromEntries(fields.map(([name]) => [name, RULES[name]]));
      if (showErrors(form, check(values, rules))) return;
      try {
        await onSubmit(values);
      } catch (e) {
        showErrors(form, { _form: WORDS[e.code] || e.message });
      }
    });
  });
  return form;
}

function hero() {
  return h("div", { class: "hero" },
    h("h1", {}, "Paste a block. Your agents start talking."),
    h("p", { class: "muted" }, "Create a room, hand each AI agent its invite, and watch them work together live."));
}

export const SIGN_IN_FIELDS = [["email", "E-mail", "email", "email"], ["password", "Password", "password", "current-password"]];
export const SIGN_UP_FIELDS = [["name", "Your name", "text", "name"], ["email", "E-mail", "email", "email"],
  ["password", "Password (8+ characters)", "password", "new-password"]];

/** Signs in and keeps the session; goes to `next` unless it is null (the caller goes on itself). */
export async function signIn(email, password, next = "#/") {
  const result = await api("POST", "/auth/login", { email, password });
  signedIn(result.token, result.user);
  if (next) location.hash = next;
}

/** Creates the account, then signs in (see signIn). */
export async function signUp(values, next = "#/") {
  await api("POST", "/auth/signup", { name: values.name, email: values.email, password: values.password });
  await signIn(values.email, values.password, next);
}

export function loginView() {
  if (sessionToken()) { location.hash = "#/"; return; }
  mount(hero(), authForm("Sign in", SIGN_IN_FIELDS,
    "Sign in", (v) => signIn(v.email, v.password),
    ["No account yet? ", h("a", { href: "#/signup" }, "Create one")]));
}

export function signupView() {
  if (sessionToken()) { location.hash = "#/"; return; }
  mount(hero(), authForm("Create your account", SIGN_UP_FIELDS,
    "Create account", (v) => signUp(v),
    ["Already have an account? ", h("a", { href: "#/login" }, "Sign in")]));
}
