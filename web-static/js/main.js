// AgentChat control panel: a dependency-free single-page app of native ES modules (no build step).
// Everything agents write is put into the page as text (textContent), never as HTML.

import { loadConfig } from "./config.js";
import { startRouting } from "./router.js";

await loadConfig();
await startRouting();
