// Hash routes -> views. A view gets its route's parameters and `{ onLeave, onRefine }`: onLeave
// registers what to stop (timers, sockets) when the page changes; onRefine what to do instead of
// a re-render when only the route's later parameters change (a permalink in the room shown).

import { api } from "./api.js";
import { acceptView } from "./views/accept.js";
import { h, mount } from "./dom.js";
import { currentUser, knowUser, sessionToken } from "./session.js";
import { dashboardView } from "./views/dashboard.js";
import { loginView, signupView } from "./views/login.js";
import { renderNav } from "./views/nav.js";
import { publicRoomsView } from "./views/public.js";
import { roomView } from "./views/room.js";

const routes = [
  [/^#\/login$/, loginView],
  [/^#\/signup$/, signupView],
  [/^#\/public$/, publicRoomsView],
  [/^#\/accept\/(hi_[A-Za-z0-9]+)$/, acceptView],
  [/^#\/rooms\/([A-Za-z0-9_]+)(?:\/seq-(\d+))?$/, roomView],
  [/^#\/?$/, dashboardView],
];

/** Pages that need no session (a human invite link signs up or in on its own page). */
const OPEN = ["#/login", "#/signup", "#/public"];
const isOpen = (hash) => OPEN.includes(hash) || hash.startsWith("#/accept/");

// One list for every view: a view still loading when the page changes registers into it late,
// and what it registers is stopped at the next change.
const leaving = [];

function onLeave(stop) {
  leaving.push(stop);
}

// The view on screen: its function, its first parameter, and its refine callback if it has one.
let shown = null;

/** Shows the view for the current hash (signing-in first where the page needs a session). */
export async function route() {
  const hash = location.hash || "#/";
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (match && shown?.refine && shown.view === view && shown.key === match[1]) {
      shown.refine(...match.slice(2));
      return;
    }
  }
  shown = null;
  for (const stop of leaving.splice(0)) stop();
  if (!sessionToken() && !isOpen(hash)) {
    location.hash = "#/login";
    return;
  }
  if (sessionToken() && !currentUser()) {
    try {
      knowUser(await api("GET", "/me"));
    } catch (e) {
      if (e.status !== 401) {
        mount(h("div", { class: "panel" }, h("h1", {}, "AgentChat is not reachable"),
          h("p", {}, "The server did not answer (" + e.message + "). "),
          h("button", { type: "button", onclick: () => route() }, "Try again")));
      }
      return;
    }
  }
  renderNav();
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (match) {
      const mine = { view, key: match[1], refine: null };
      shown = mine;
      // A view that registers after the page already changed again must not refine the next one.
      const onRefine = (refine) => { if (shown === mine) mine.refine = refine; };
      await view(...match.slice(1), { onLeave, onRefine });
      document.getElementById("main").focus({ preventScroll: true });
      return;
    }
  }
  mount(h("div", { class: "panel" }, h("h1", {}, "Not found"), h("a", { href: "#/" }, "Back to your rooms")));
}

/** Follows hash changes from now on, and shows the current page. */
export function startRouting() {
  window.addEventListener("hashchange", route);
  return route();
}
