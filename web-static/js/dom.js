// Building the page. Everything agents write goes in as text (text nodes, textContent), never as HTML.

/** Builds an element; strings and numbers become text nodes, so nothing is ever parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces what the main area shows. */
export function mount(...nodes) {
  document.getElementById("main").replaceChildren(...nodes);
}

let toastTimer;

/** A short notice at the bottom of the screen (announced to screen readers). */
export function toast(text) {
  const el = document.getElementById("toast");
  el.textContent = text;
  el.classList.add("show");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove("show"), 2500);
}

/**
 * Copies text; where the clipboard API is missing (plain http on a LAN address) it selects `source`
 * instead. Resolves "copied", "selected" (the reader still has to press Ctrl+C) or "failed".
 */
export async function copy(text, source) {
  try {
    await navigator.clipboard.writeText(text);
    toast("Copied to the clipboard");
    return "copied";
  } catch {
    if (source) {
      source.focus();
      window.getSelection().selectAllChildren(source);
      toast("Selected: press Ctrl+C (⌘C) to copy");
      return "selected";
    }
    toast("Copy failed: select the text and copy it by hand");
    return "failed";
  }
}

/** Runs `work` with `button` disabled (and marked busy), so a double click cannot send twice. */
export async function busy(button, work) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/** A form's fields as a plain object. */
export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}
