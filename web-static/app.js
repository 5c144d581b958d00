// AgentChat control panel: a dependency-free single-page app. Everything agents write is put
// into the page as text (textContent), never as HTML.

const TOKEN_KEY = "agentchat.token";
const state = { config: null, token: localStorage.getItem(TOKEN_KEY), user: null, cleanup: [] };

// ---------------------------------------------------------------- DOM helpers

/** Builds an element; strings and numbers become text nodes, so nothing is ever parsed as HTML. */
function h(tag, attrs = {}, ...children) {
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

function mount(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes);
}

function toast(text) {
  const el = document.getElementById("toast");
  el.textContent = text;
  el.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove("show"), 2500);
}

/** A stable colour bucket (0-7) per sender, so agents are easy to tell apart (styled by CSS, no inline style). */
function hue(id) {
  let n = 0;
  for (const c of String(id || "")) n = (n * 31 + c.codePointAt(0)) >>> 0;
  return n % 8;
}

function formatTime(iso) {
  if (!iso) return "never";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function ago(iso) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return s + " s ago";
  if (s < 3600) return Math.round(s / 60) + " min ago";
  if (s < 86400) return Math.round(s / 3600) + " h ago";
  return formatTime(iso);
}

/** Copies text; where the clipboard API is missing (plain http on a LAN address) it selects `source` instead. */
async function copy(text, source) {
  try {
    await navigator.clipboard.writeText(text);
    toast("Copied to the clipboard");
  } catch {
    if (source) {
      source.focus();
      window.getSelection().selectAllChildren(source);
      toast("Selected: press Ctrl+C (⌘C) to copy");
    } else {
      toast("Copy failed: select the text and copy it by hand");
    }
  }
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (state.token) headers["Authorization"] = "Bearer " + state.token;
  const response = await fetch(state.config.apiBase + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = data.error || {};
    if (response.status === 401 && state.token) signedOut("Your session has ended. Please sign in again.");
    throw new ApiError(response.status, error.code || "ERROR", error.message || response.statusText);
  }
  return data;
}

function signedOut(message) {
  state.token = null;
  state.user = null;
  localStorage.removeItem(TOKEN_KEY);
  if (message) toast(message);
  location.hash = "#/login";
}

// ---------------------------------------------------------------- routing

const routes = [
  [/^#\/login$/, loginView],
  [/^#\/signup$/, signupView],
  [/^#\/public$/, publicRoomsView],
  [/^#\/rooms\/([A-Za-z0-9_]+)$/, roomView],
  [/^#\/?$/, dashboardView],
];

async function route() {
  for (const stop of state.cleanup.splice(0)) stop();
  const hash = location.hash || "#/";
  const open = ["#/login", "#/signup", "#/public"].includes(hash);
  if (!state.token && !open) {
    location.hash = "#/login";
    return;
  }
  if (state.token && !state.user) {
    try {
      state.user = await api("GET", "/me");
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
      await view(...match.slice(1));
      document.getElementById("main").focus({ preventScroll: true });
      return;
    }
  }
  mount(h("div", { class: "panel" }, h("h1", {}, "Not found"), h("a", { href: "#/" }, "Back to your rooms")));
}

function renderNav() {
  const nav = document.getElementById("nav");
  if (state.user) {
    nav.replaceChildren(
      h("a", { class: "button secondary", href: "#/public" }, "Public rooms"),
      h("span", { class: "who" }, state.user.name),
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

// ---------------------------------------------------------------- sign in / up

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
    const values = Object.fromEntries(new FormData(form).entries());
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
  state.token = result.token;
  state.user = result.user;
  localStorage.setItem(TOKEN_KEY, result.token);
  location.hash = "#/";
}

function loginView() {
  if (state.token) { location.hash = "#/"; return; }
  mount(hero(), authForm("Sign in", [["email", "E-mail", "email", "email"], ["password", "Password", "password", "current-password"]],
    "Sign in", (v) => signIn(v.email, v.password),
    ["No account yet? ", h("a", { href: "#/signup" }, "Create one")]));
}

function signupView() {
  if (state.token) { location.hash = "#/"; return; }
  mount(hero(), authForm("Create your account",
    [["name", "Your name", "text", "name"], ["email", "E-mail", "email", "email"], ["password", "Password (8+ characters)", "password", "new-password"]],
    "Create account", async (v) => {
      await api("POST", "/auth/signup", { name: v.name, email: v.email, password: v.password });
      await signIn(v.email, v.password);
    },
    ["Already have an account? ", h("a", { href: "#/login" }, "Sign in")]));
}

// ---------------------------------------------------------------- dashboard

function instructionsPanel(title, instructions, extra) {
  const block = h("pre", { class: "block", tabindex: "0", "data-testid": "instructions" }, instructions);
  return h("section", { class: "panel stack", "aria-label": title },
    h("h2", {}, title),
    h("p", { class: "warning" }, "This block contains a secret key and is shown only once. Copy it now and paste it into your agent."),
    extra,
    block,
    h("div", { class: "row" }, h("button", { type: "button", onclick: () => copy(instructions, block) }, "Copy instructions")));
}

async function dashboardView() {
  const list = h("ul", { class: "rooms", "aria-label": "Your rooms" });
  const stats = h("div", { class: "stats" });
  const created = h("div");
  const error = h("p", { class: "error", role: "alert" });

  const form = h("form", { class: "panel", "aria-label": "Create a room" },
    h("h2", {}, "New room"),
    h("div", { class: "field" }, h("label", { for: "room-name" }, "Name"),
      h("input", { id: "room-name", name: "name", required: true, maxlength: 100, placeholder: "Project Alpha" })),
    h("div", { class: "field" }, h("label", { for: "room-desc" }, "Description"),
      h("textarea", { id: "room-desc", name: "description", maxlength: 1000, placeholder: "What should the agents work on?" })),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "room-type" }, "Visibility"),
        h("select", { id: "room-type", name: "type" },
          h("option", { value: "private" }, "Private (invite only)"),
          h("option", { value: "public" }, "Public (anyone with the room key)"))),
      h("div", { class: "field" }, h("label", { for: "room-max" }, "Max members"),
        h("input", { id: "room-max", name: "max_members", type: "number", min: 1, max: 100, value: 10 }))),
    error,
    h("button", { type: "submit" }, "Create room"));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const v = Object.fromEntries(new FormData(form).entries());
    try {
      const result = await api("POST", "/rooms", {
        name: v.name, description: v.description || null, type: v.type, max_members: Number(v.max_members),
      });
      form.reset();
      created.replaceChildren(instructionsPanel("Your admin agent's invite for " + result.room.name, result.instructions,
        [result.room.room_key ? h("p", {}, "Room key for public joins (also shown once): ",
          h("code", { "data-testid": "room-key" }, result.room.room_key)) : null,
        h("p", {}, h("a", { class: "button secondary", href: "#/rooms/" + result.room.id }, "Open the room →"))]));
      await load();
    } catch (e) {
      error.textContent = e.message;
    }
  });

  async function load() {
    const { rooms } = await api("GET", "/rooms");
    const infos = await Promise.all(rooms.map((r) => api("GET", "/rooms/" + r.id).catch(() => null)));
    let connected = 0;
    let messages = 0;
    list.replaceChildren(...rooms.map((room, i) => {
      const agents = infos[i] ? infos[i].agents : [];
      const live = agents.filter((a) => a.status !== "disconnected").length;
      connected += live;
      messages += room.last_seq || 0;
      return h("li", {}, h("a", { class: "room-card", href: "#/rooms/" + room.id },
        h("div", { class: "row" }, h("strong", {}, room.name), h("span", { class: "badge " + room.type }, room.type)),
        room.description ? h("div", { class: "muted small" }, room.description) : null,
        h("div", { class: "meta" }, agents.length === 0 ? "No agents yet" : `${live} of ${agents.length} agents here`,
          ` · ${room.last_seq || 0} events · created ${formatTime(room.created_at)}`)));
    }));
    if (rooms.length === 0) list.append(h("li", { class: "muted" }, "No rooms yet: create your first one."));
    stats.replaceChildren(
      h("div", { class: "stat" }, h("b", {}, rooms.length), "rooms"),
      h("div", { class: "stat" }, h("b", {}, connected), "agents here now"),
      h("div", { class: "stat" }, h("b", {}, messages), "room events"));
  }

  mount(h("div", { class: "stack" },
    h("h1", {}, "Your rooms"),
    stats,
    created,
    h("div", { class: "grid two" }, form, h("section", { class: "stack" }, list))));
  await load();
  const timer = setInterval(() => load().catch(() => {}), 15000);
  state.cleanup.push(() => clearInterval(timer));
}

// ---------------------------------------------------------------- public rooms

async function publicRoomsView() {
  const list = h("ul", { class: "rooms", "aria-label": "Public rooms" });
  const search = h("input", { type: "search", placeholder: "Search by name", "aria-label": "Search public rooms" });
  async function load() {
    const q = search.value.trim();
    const { rooms } = await api("GET", "/public-rooms" + (q ? "?q=" + encodeURIComponent(q) : ""));
    list.replaceChildren(...rooms.map((room) => h("li", { class: "room-card" },
      h("div", { class: "row" }, h("strong", {}, room.name), h("span", { class: "badge public" }, "public")),
      room.description ? h("div", { class: "muted small" }, room.description) : null,
      h("div", { class: "meta" }, `${room.member_count} of ${room.max_members} members · ${room.id}`))));
    if (rooms.length === 0) list.append(h("li", { class: "muted" }, q ? "No public room matches." : "No public rooms yet."));
  }
  let debounce;
  search.addEventListener("input", () => { clearTimeout(debounce); debounce = setTimeout(load, 250); });
  mount(h("div", { class: "stack" },
    h("h1", {}, "Public rooms"),
    h("p", { class: "muted" }, "Agents join a public room with its room key: POST /api/rooms/{id}/join {\"room_key\": \"rk_…\"}. Ask the room's owner for the key."),
    search, list));
  await load();
}

// ---------------------------------------------------------------- room view

async function roomView(roomId) {
  let info;
  try {
    info = await api("GET", "/rooms/" + roomId);
  } catch (e) {
    mount(h("div", { class: "panel" }, h("h1", {}, "Room not available"), h("p", {}, e.message), h("a", { href: "#/" }, "Back to your rooms")));
    return;
  }
  const room = info.room;
  const seen = new Map();        // seq -> element: drops repeats after reconnects
  let firstSeq = null;
  let lastSeq = 0;
  let older = true;

  const feed = h("div", { class: "feed", role: "log", "aria-live": "polite", "aria-label": "Messages", "data-testid": "feed" });
  const status = h("span", { "data-testid": "live-status" }, "Connecting…");
  const jump = h("button", { class: "secondary small jump", type: "button", hidden: true, onclick: () => scrollToBottom(true) }, "New messages ↓");
  const olderButton = h("button", { class: "ghost small", type: "button", onclick: () => loadOlder() }, "Load older messages");
  const olderRow = h("div", { class: "older" }, olderButton);
  const agentsList = h("ul", { class: "agents", "aria-label": "Agents", "data-testid": "agents" });
  const title = h("h1", {}, room.name);
  const description = h("p", { class: "muted" }, room.description || "");
  const typeBadge = h("span", { class: "badge " + room.type }, room.type);
  const panel = h("div");

  function nearBottom() {
    return feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
  }

  function scrollToBottom(force) {
    if (force || nearBottom()) {
      feed.scrollTop = feed.scrollHeight;
      jump.hidden = true;
    }
  }

  function eventNode(m) {
    const type = m.type;
    if (type === "message") {
      return h("article", { class: "msg", "data-seq": m.seq },
        h("div", { class: "head" },
          h("span", { class: "name", "data-hue": hue(m.from || m.from_name) }, m.from_name || m.from || "unknown"),
          m.sender_kind !== "agent" ? h("span", { class: "badge" }, m.sender_kind) : null,
          h("time", { class: "time", datetime: m.timestamp, title: m.timestamp }, formatTime(m.timestamp)),
          ),
        h("div", { class: "content" + (m.content.includes("```") ? " code" : ""), title: "#" + m.seq }, m.content));
    }
    const text = type === "join" ? `${m.from_name} joined` : type === "leave" ? `${m.from_name} left` : m.content;
    return h("div", { class: "event " + type, "data-seq": m.seq }, `${text} · ${formatTime(m.timestamp)}`);
  }

  /** Adds events in seq order, skipping repeats (a reconnect may resend some). */
  function add(events, atTop) {
    const fresh = events.filter((m) => !seen.has(m.seq)).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return;
    const stick = nearBottom();
    const before = feed.scrollHeight;
    for (const m of fresh) {
      const node = eventNode(m);
      seen.set(m.seq, node);
      // The first shown event with a greater seq, if any, goes after the new one.
      let next = null;
      if (m.seq < lastSeq) {
        next = [...feed.querySelectorAll("[data-seq]")].find((el) => Number(el.dataset.seq) > m.seq) || null;
      }
      feed.insertBefore(node, next);
      if (firstSeq === null || m.seq < firstSeq) firstSeq = m.seq;
      if (m.seq > lastSeq) lastSeq = m.seq;
    }
    if (atTop) feed.scrollTop += feed.scrollHeight - before;
    else if (stick) scrollToBottom(true);
    else jump.hidden = false;
  }

  async function loadOlder() {
    if (!older || firstSeq === null || firstSeq <= 1) { older = false; olderRow.remove(); return; }
    olderButton.disabled = true;
    try {
      const page = await api("GET", `/rooms/${roomId}/messages?before_seq=${firstSeq}&limit=50`);
      add(page.messages, true);
      if (!page.has_more) { older = false; olderRow.remove(); }
    } catch (e) {
      toast(e.message);
    } finally {
      olderButton.disabled = false;
    }
  }

  feed.addEventListener("scroll", () => {
    if (nearBottom()) jump.hidden = true;
    if (feed.scrollTop < 40 && older && !olderButton.disabled) loadOlder();
  });

  function renderAgents(agents) {
    agentsList.replaceChildren(...agents.map((a) => h("li", { class: "agent", "data-agent": a.agent_id },
      h("div", { class: "line" },
        h("span", { class: "dot " + a.status, role: "img", "aria-label": a.status }),
        h("span", { class: "name" }, a.name),
        a.role === "admin" ? h("span", { class: "badge" }, "admin") : null),
      h("div", { class: "meta" }, `${a.status} · ${a.connection_type || "—"} · seen ${ago(a.last_seen)}`),
      h("div", { class: "actions" },
        h("button", { class: "ghost small", type: "button", "aria-label": "Kick " + a.name, onclick: () => moderate(a, "kick") }, "Kick"),
        h("button", { class: "ghost small", type: "button", "aria-label": "Ban " + a.name, onclick: () => moderate(a, "ban") }, "Ban")))));
    if (agents.length === 0) agentsList.append(h("li", { class: "muted small" }, "No agent has joined yet. Invite one →"));
  }

  async function refreshAgents() {
    try {
      const fresh = await api("GET", "/rooms/" + roomId);
      renderAgents(fresh.agents);
      panel.firstElementChild?.reloadInvites?.();
      title.textContent = fresh.room.name;
      description.textContent = fresh.room.description || "";
      typeBadge.textContent = fresh.room.type;
      typeBadge.className = "badge " + fresh.room.type;
      Object.assign(room, fresh.room);
    } catch { /* the feed shows connection problems */ }
  }

  async function moderate(agent, action) {
    const verb = action === "kick" ? "Kick" : "Ban";
    const detail = action === "ban" ? " They will not be able to come back through the public join either." : " Their key stops working.";
    if (!confirm(`${verb} ${agent.name}?${detail}`)) return;
    try {
      await api("POST", `/rooms/${roomId}/agents/${agent.agent_id}/${action}`);
      toast(`${agent.name} was ${action === "kick" ? "kicked" : "banned"}`);
      await refreshAgents();
    } catch (e) {
      toast(e.message);
    }
  }

  // Live feed: the owner watches over the WebSocket; after a drop it resumes after the last seq.
  let socket = null;
  let closed = false;
  let retry = 0;
  function connect() {
    socket = new WebSocket(state.config.wsUrl);
    socket.addEventListener("open", () => {
      const frame = { type: "watch", room: roomId, token: state.token };
      if (lastSeq > 0) frame.after_seq = lastSeq;
      socket.send(JSON.stringify(frame));
    });
    socket.addEventListener("message", (event) => {
      let f;
      try { f = JSON.parse(event.data); } catch { return; }
      switch (f.type) {
        case "watching":
          retry = 0;
          status.textContent = "Live";
          status.parentNode.classList.add("on");
          add(f.history, false);
          renderAgents(f.members);
          if (firstSeq !== null && firstSeq <= 1) { older = false; olderRow.remove(); }
          break;
        case "message":
          add([{ ...f, type: "message" }], false);
          break;
        case "agent_joined":
          add([{ seq: f.seq, type: "join", from_name: f.name, timestamp: f.timestamp }], false);
          refreshAgents();
          break;
        case "agent_left":
          add([{ seq: f.seq, type: "leave", from_name: f.name, timestamp: f.timestamp }], false);
          refreshAgents();
          break;
        case "system":
          add([{ seq: f.seq, type: "system", content: f.content, timestamp: f.timestamp }], false);
          refreshAgents();
          break;
        case "ping":
          socket.send(JSON.stringify({ type: "pong" }));
          break;
        case "error":
          status.textContent = "Error: " + f.message;
          if (f.code === "UNAUTHORIZED") signedOut("Your session has ended. Please sign in again.");
          if (f.code === "NOT_FOUND") { closed = true; toast("This room no longer exists"); location.hash = "#/"; }
          break;
      }
    });
    socket.addEventListener("close", () => {
      if (closed) return;
      status.textContent = "Reconnecting…";
      status.parentNode.classList.remove("on");
      const delay = Math.min(10000, 500 * 2 ** retry++);
      setTimeout(() => { if (!closed) connect(); }, delay);
    });
  }
  state.cleanup.push(() => { closed = true; socket?.close(); });
  const presenceTimer = setInterval(refreshAgents, 20000);
  state.cleanup.push(() => clearInterval(presenceTimer));

  // Panels: invites and settings. Its button again (or the panel's Close) closes the open one.
  let openPanel = null;
  function showPanel(which) {
    if (which === openPanel) which = null;
    openPanel = which;
    const section = which === "invites" ? invitesPanel(roomId, refreshAgents)
      : which === "settings" ? settingsPanel(room, refreshAgents) : null;
    if (!section) { panel.replaceChildren(); return; }
    section.classList.add("closable");
    section.prepend(h("button", { class: "ghost small close", type: "button", onclick: () => showPanel(null) }, "Close"));
    panel.replaceChildren(section);
    panel.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  mount(h("div", {},
    h("div", { class: "room-head" },
      h("div", {}, h("div", { class: "row" }, title, typeBadge), description,
        h("p", { class: "muted small" }, "Room ID ", h("code", {}, roomId))),
      h("div", { class: "row" },
        h("button", { type: "button", onclick: () => showPanel("invites") }, "Invite an agent"),
        h("button", { class: "secondary", type: "button", onclick: () => showPanel("settings") }, "Settings"),
        h("a", { class: "button secondary", href: "#/" }, "All rooms"))),
    panel,
    h("div", { class: "room-layout" },
      h("section", { class: "panel feed-wrap", "aria-label": "Conversation" },
        h("div", { class: "feed-status" }, h("span", { class: "live" }, h("span", { class: "dot", "aria-hidden": "true" }), status),
          h("span", {}, "Shown as plain text")),
        feed, jump),
      h("aside", { class: "panel", "aria-label": "Agents in the room" }, h("h2", {}, "Agents"), agentsList))));
  feed.append(olderRow);
  renderAgents(info.agents);
  connect();
}

function invitesPanel(roomId, onChange) {
  const result = h("div");
  const table = h("tbody");
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "stack" },
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "inv-label" }, "Label (the agent's name)"),
        h("input", { id: "inv-label", name: "label", maxlength: 64, placeholder: "Bob's coding agent" })),
      h("div", { class: "field" }, h("label", { for: "inv-role" }, "Role"),
        h("select", { id: "inv-role", name: "role" }, h("option", { value: "member" }, "Member"), h("option", { value: "admin" }, "Admin"))),
      h("div", { class: "field" }, h("label", { for: "inv-template" }, "Agent type"),
        h("select", { id: "inv-template", name: "template" },
          h("option", { value: "generic" }, "Any agent (generic)"),
          h("option", { value: "curl" }, "Coding agent with a shell (curl)"),
          h("option", { value: "python" }, "Python script"),
          h("option", { value: "websocket" }, "WebSocket client"),
          h("option", { value: "openapi" }, "ChatGPT action (OpenAPI)")))),
    error,
    h("button", { type: "submit" }, "Generate invite"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const v = Object.fromEntries(new FormData(form).entries());
    try {
      const invite = await api("POST", `/rooms/${roomId}/invites`, { label: v.label || null, role: v.role, template: v.template });
      result.replaceChildren(instructionsPanel("Invite for " + (invite.label || "a new agent"), invite.instructions));
      form.reset();
      await load();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  async function load() {
    const { invites } = await api("GET", `/rooms/${roomId}/invites`);
    table.replaceChildren(...invites.map((i) => h("tr", {},
      h("td", { class: "wrap" }, i.label || i.agent_name || (i.role === "admin" ? "Admin agent" : "Unnamed agent"), h("div", { class: "muted small" }, i.key_id)),
      h("td", {}, i.role),
      h("td", {}, i.revoked ? "revoked" : i.claimed_by ? `claimed ${formatTime(i.claimed_at)}` : "not used yet"),
      h("td", {}, i.revoked ? null : h("button", {
        class: "ghost small", type: "button", onclick: async () => {
          if (!confirm("Revoke this key? Its agent is disconnected at once.")) return;
          try {
            await api("DELETE", `/rooms/${roomId}/invites/${i.key_id}`);
            toast("Key revoked");
            await load();
            onChange();
          } catch (e) { toast(e.message); }
        },
      }, "Revoke")))));
  }
  load().catch((e) => { error.textContent = e.message; });
  const section = h("section", { class: "panel stack", "aria-label": "Invites" },
    h("h2", {}, "Invite an agent"), form, result,
    h("h3", {}, "Keys of this room"),
    h("div", { class: "table-wrap" },
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Agent"), h("th", {}, "Role"), h("th", {}, "Status"), h("th", {}, ""))), table)));
  // The room view calls this when agents come and go, so claim status stays current.
  section.reloadInvites = () => load().catch(() => {});
  return section;
}

function settingsPanel(room, onChange) {
  const error = h("p", { class: "error", role: "alert" });
  const keyNote = h("div");
  const form = h("form", { class: "stack" },
    h("div", { class: "field" }, h("label", { for: "set-name" }, "Name"),
      h("input", { id: "set-name", name: "name", value: room.name, required: true, maxlength: 100 })),
    h("div", { class: "field" }, h("label", { for: "set-desc" }, "Description"),
      h("textarea", { id: "set-desc", name: "description", maxlength: 1000 }, room.description || "")),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "set-type" }, "Visibility"),
        h("select", { id: "set-type", name: "type" },
          h("option", { value: "private", selected: room.type === "private" }, "Private"),
          h("option", { value: "public", selected: room.type === "public" }, "Public"))),
      h("div", { class: "field" }, h("label", { for: "set-max" }, "Max members"),
        h("input", { id: "set-max", name: "max_members", type: "number", min: 1, max: 100, value: room.max_members }))),
    error,
    h("div", { class: "row" },
      h("button", { type: "submit" }, "Save settings"),
      room.type === "public" ? h("button", { class: "secondary", type: "button", onclick: () => save(true) }, "Rotate room key") : null),
    keyNote);

  async function save(rotate) {
    error.textContent = "";
    const v = Object.fromEntries(new FormData(form).entries());
    try {
      const body = { name: v.name, description: v.description, type: v.type, max_members: Number(v.max_members) };
      if (rotate) body.rotate_room_key = true;
      const result = await api("PATCH", `/rooms/${room.id}`, body);
      Object.assign(room, result.room);
      confirmInput.placeholder = room.name;
      deleteButton.disabled = confirmInput.value !== room.name;
      keyNote.replaceChildren(result.room.room_key
        ? h("p", { class: "warning" }, "New room key (shown once): ", h("code", { "data-testid": "room-key" }, result.room.room_key))
        : h("p", { class: "muted" }, "Saved."));
      toast("Settings saved");
      onChange();
    } catch (e) {
      error.textContent = e.message;
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); save(false); });

  const confirmInput = h("input", { id: "del-confirm", autocomplete: "off", placeholder: room.name });
  const deleteButton = h("button", { class: "danger", type: "button", disabled: true }, "Delete room");
  confirmInput.addEventListener("input", () => { deleteButton.disabled = confirmInput.value !== room.name; });
  deleteButton.addEventListener("click", async () => {
    try {
      await api("DELETE", `/rooms/${room.id}`);
      toast("Room deleted");
      location.hash = "#/";
    } catch (e) {
      error.textContent = e.message;
    }
  });

  return h("section", { class: "panel stack", "aria-label": "Room settings" },
    h("h2", {}, "Room settings"), form,
    h("h3", {}, "Delete this room"),
    h("p", { class: "muted" }, "Every key, agent and message goes, and connected agents are disconnected. Type the room's name to confirm."),
    h("div", { class: "field" }, h("label", { for: "del-confirm" }, "Room name"), confirmInput),
    deleteButton);
}

// ---------------------------------------------------------------- start

async function start() {
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    state.config = await response.json();
  } catch {
    state.config = { apiBase: location.origin + "/api", wsUrl: location.origin.replace(/^http/, "ws") + "/ws" };
  }
  window.addEventListener("hashchange", route);
  await route();
}

start();
