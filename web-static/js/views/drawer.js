// A side panel beside the feed (a bottom sheet on phones), so the conversation stays in view while
// the owner invites or changes settings. Focus moves into it on open and back to the button that
// opened it on close; Escape closes it (unless a dialog above it is taking the key).

import { h } from "../dom.js";

export class Drawer {
  #opener = null;
  #which = null;
  #onKey = (event) => {
    if (event.key === "Escape" && this.#which && !document.querySelector("dialog[open]")) {
      event.preventDefault();
      this.close();
    }
  };

  #keepInView;

  /** `keepInView`: what a phone scrolls to on open, so it shows above the sheet (the feed). */
  constructor(keepInView) {
    this.#keepInView = keepInView;
    this.element = h("div", { class: "drawer", hidden: true, "data-testid": "drawer" });
    document.addEventListener("keydown", this.#onKey);
  }

  /** Which panel is shown (null when closed). */
  get which() {
    return this.#which;
  }

  /** Shows `section` (a panel whose first heading names it) as panel `which`. */
  open(which, section) {
    if (!this.#which) this.#opener = document.activeElement;
    this.#which = which;
    section.classList.add("closable");
    const heading = section.querySelector("h2");
    heading.tabIndex = -1;
    section.prepend(h("button", { class: "ghost small close", type: "button", onclick: () => this.close() }, "Close"));
    this.element.replaceChildren(section);
    this.element.hidden = false;
    document.body.classList.add("drawer-open");
    if (this.#keepInView && matchMedia("(max-width: 860px)").matches) this.#keepInView().scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }

  close() {
    if (!this.#which) return;
    this.#which = null;
    this.element.hidden = true;
    this.element.replaceChildren();
    document.body.classList.remove("drawer-open");
    if (this.#opener?.isConnected) this.#opener.focus();
    this.#opener = null;
  }

  /** Stops listening (the room view is left). */
  dispose() {
    document.removeEventListener("keydown", this.#onKey);
    document.body.classList.remove("drawer-open");
  }
}
