// The once-only block of instructions (with its secret key) that the owner pastes into an agent.

import { copy, h } from "../dom.js";

export function instructionsPanel(title, instructions, extra) {
  const block = h("pre", { class: "block", tabindex: "0", "data-testid": "instructions" }, instructions);
  return h("section", { class: "panel stack", "aria-label": title },
    h("h2", {}, title),
    h("p", { class: "warning" }, "This block contains a secret key and is shown only once. Copy it now and paste it into your agent."),
    extra,
    block,
    h("div", { class: "row" }, h("button", { type: "button", onclick: () => copy(instructions, block) }, "Copy instructions")));
}
