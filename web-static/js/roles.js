// A human's role in a room (SPEC §10: owner, moderator, member) and what each role may do in the
// page. The server decides and refuses regardless; the page only leaves out what would be refused.

import { currentUser } from "./session.js";

/** My role in the room of `info` (room info, or a room from `GET /rooms`): the server's `my_role`, else owner by `owner_id`. */
export function myRole(info) {
  const room = info.room || info;
  const said = info.my_role || room.my_role;
  if (said) return said;
  return room.owner_id && room.owner_id === currentUser()?.id ? "owner" : "member";
}

/** Pause, resume, invite agents, kick, ban. */
export function canModerate(role) {
  return role === "owner" || role === "moderator";
}

/** Settings, human invites, deleting the room. */
export function isOwner(role) {
  return role === "owner";
}

/** Every human of the room may post. */
export function canPost(role) {
  return role === "owner" || role === "moderator" || role === "member";
}
