// How times and senders are shown.

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

export function ago(iso) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return s + " s ago";
  if (s < 3600) return Math.round(s / 60) + " min ago";
  if (s < 86400) return Math.round(s / 3600) + " h ago";
  return formatTime(iso);
}
