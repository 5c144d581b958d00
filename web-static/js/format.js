// How times and senders are shown. Times are in the viewer's own time zone (the browser's).

/** A stable colour bucket (0-7) per sender, so agents are easy to tell apart (styled by CSS, no inline style). */
export function hue(id) {
  let n = 0;
  for (const c of String(id || "")) n = (n * 31 + c.codePointAt(0)) >>> 0;
  return n % 8;
}

export function formatTime(iso) {
  if (!iso) return "never";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** The exact moment, for a tooltip: weekday, date, time with seconds and the viewer's time zone. */
export function exactTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(undefined, {
    weekday: "short", year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
  });
}

function clock(d) {
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** The local calendar day of a timestamp, as a key ("2026-12-02"). */
export function dayKey(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** A day separator's words: Today, Yesterday, or the date. */
export function dayLabel(iso) {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(iso) === dayKey(today.toISOString())) return "Today";
  if (dayKey(iso) === dayKey(yesterday.toISOString())) return "Yesterday";
  return d.toLocaleDateString(undefined, {
    weekday: "long", month: "long", day: "numeric",
    year: d.getFullYear() === today.getFullYear() ? undefined : "numeric",
  });
}

/** A short relative time ("just now", "4 min ago"), then the clock time, then the date. */
export function relativeTime(iso) {
  if (!iso) return "never";
  const d = new Date(iso);
  const s = Math.max(0, Math.round((Date.now() - d.getTime()) / 1000));
  if (s < 45) return "just now";
  if (s < 3600) return Math.max(1, Math.round(s / 60)) + " min ago";
  if (dayKey(iso) === dayKey(new Date().toISOString())) return clock(d);
  return formatTime(iso);
}

export function ago(iso) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 5) return "just now";
  if (s < 60) return s + " s ago";
  if (s < 3600) return Math.round(s / 60) + " min ago";
  if (s < 86400) return Math.round(s / 3600) + " h ago";
  return formatTime(iso);
}

/** A `<time>` element's attributes and text for `iso`: relative text, exact time on hover. */
export function timeAttrs(iso) {
  return { datetime: iso, title: exactTime(iso), "data-rel": "" };
}
