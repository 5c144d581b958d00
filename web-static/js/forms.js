// Forms that explain themselves: checked in the page (novalidate: no browser pop-ups mixed in),
// each problem written in plain words under its own field, and the server's refusals placed the same way.

import { h } from "./dom.js";

/** A labelled field whose errors appear under it (and are read out with it). */
export function field(id, label, control, hint) {
  const error = h("p", { class: "field-error", id: id + "-error", "aria-live": "polite" });
  const hintNode = hint ? h("p", { class: "muted small hint", id: id + "-hint" }, hint) : null;
  control.id = id;
  control.setAttribute("aria-describedby", [hintNode ? id + "-hint" : null, id + "-error"].filter(Boolean).join(" "));
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintNode, error);
}

/** Clears every field's error and the form-level one. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll(".field-error")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const top = form.querySelector(".error");
  if (top) top.textContent = "";
}

/**
 * Shows `errors` ({ fieldName: message }) under their fields, focusing the first; a message for
 * a name the form has no field for goes to the form's `.error`. Returns whether there were any.
 */
export function showErrors(form, errors) {
  let first = null;
  for (const [name, message] of Object.entries(errors)) {
    const control = form.elements.namedItem(name);
    const slot = control && form.querySelector(`#${control.id}-error`);
    if (slot) {
      slot.textContent = message;
      control.setAttribute("aria-invalid", "true");
      first ??= control;
    } else {
      const top = form.querySelector(".error");
      if (top) top.textContent = message;
    }
  }
  first?.focus();
  return Object.keys(errors).length > 0;
}

/** `rules` maps a field name to a check returning a message or null; gives the failed ones. */
export function check(values, rules) {
  const errors = {};
  for (const [name, rule] of Object.entries(rules)) {
    const message = rule(String(values[name] ?? "").trim(), values);
    if (message) errors[name] = message;
  }
  return errors;
}

/** A server refusal as field errors: "'name' is …" is put under the name field, in the form's words. */
export function serverErrors(form, e, words = {}) {
  const named = /'([a-z_]+)'/.exec(e.message || "");
  const name = named && form.elements.namedItem(named[1]) ? named[1] : "_form";
  return { [name]: words[e.code] || e.message };
}
