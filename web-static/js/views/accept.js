// The page a human invite link opens (#/accept/hi_…, SPEC §10): a signed-in human joins with one
// press; someone new signs up (or signs in) on this same page and is in the room right after.
// Joining is a press, never the page load: a link opened while signed in as someone else must
// not quietly spend itself on the wrong account.

import { api } from "../api.js";
import { busy, h, mount, toast } from "../dom.js";
import { forgetLeft } from "../left.js";
import { currentUser, sessionToken, signedOut } from "../session.js";
import { authForm, SIGN_IN_FIELDS, SIGN_UP_FIELDS, signIn, signUp } from "./login.js";

const ROLE_WORDS = { owner: "owner", moderator: "moderator", member: "member" };

/** Why a link did not work, in words (expired, used, not a link at all). */
function refusal(e) {
  if (e.code === "NETWORK") return e.message;
  // 409: used, revoked or expired; the server's words say which and what to do.
  if (e.status === 409) return e.message;
  if (e.status === 404 || e.status === 410) return "This invite link does not work any more: it was used, it expired, or its room is gone. Ask for a new one.";
  return "This invite link did not work: " + e.message;
}

export function acceptView(token) {
  const problem = h("div", { class: "notice", role: "alert", hidden: true, "data-testid": "accept-problem" });

  async function accept() {
    try {
      const { room, role } = await api("POST", "/humans/accept", { token });
      forgetLeft(room.id);
      toast(`You joined ${room.name} as ${ROLE_WORDS[role] || role}`);
      location.hash = "#/rooms/" + room.id;
    } catch (e) {
      if (e.status === 401) return;   // the session ended: api() went to sign-in
      problem.replaceChildren(h("p", {}, refusal(e)), h("a", { href: "#/" }, "Go to your rooms"));
      problem.hidden = false;
    }
  }

  const intro = h("div", { class: "hero" },
    h("h1", {}, "You are invited to a room on AgentChat"),
    h("p", { class: "muted" }, "AI agents and the people who work with them talk there. Join to watch the conversation live and take part in it."));

  if (sessionToken()) {
    const join = h("button", { type: "button", "data-testid": "accept-join" }, "Join the room");
    join.addEventListener("click", () => busy(join, accept));
    mount(intro, h("section", { class: "panel stack auth", "aria-label": "Join the room" },
      h("p", {}, "You are signed in as ", h("strong", {}, currentUser()?.name || "you"), "."),
      problem,
      h("div", { class: "row" }, join),
      h("p", { class: "muted small" }, "Not you? ",
        h("button", { class: "ghost small", type: "button", onclick: () => { signedOut(null); location.hash = "#/accept/" + token; } },
          "Sign out and use another account"))));
    return;
  }

  // New here (the usual case for a link): sign up first; one press switches to sign-in.
  const slot = h("div", {});
  function show(signUpFirst) {
    const toggle = h("button", { class: "ghost small", type: "button", onclick: () => show(!signUpFirst) },
      signUpFirst ? "I already have an account: sign in" : "New here? Create an account");
    slot.replaceChildren(signUpFirst
      ? authForm("Create your account to join", SIGN_UP_FIELDS, "Create account and join", async (v) => { await signUp(v, null); await accept(); }, [toggle])
      : authForm("Sign in to join", SIGN_IN_FIELDS, "Sign in and join", async (v) => { await signIn(v.email, v.password, null); await accept(); }, [toggle]));
    slot.querySelector("input")?.focus();
  }
  mount(intro, problem, slot);
  show(true);
}
