// Typed socket events shared by the server and the browser. Payloads the client sends are validated on the
// server (server/sockets/handlers.ts); what the server sends has passed the guardian for the room's audience.

export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface PostEvent {
  threadId: number;
  postId: number;
  position: number;
  parentId: number | null;
  depth: number;
  author: { handle: string; displayName: string } | null;
  html: string;
  createdAt: string;
}

export type NotificationKind =
  | "reply"
  | "mention"
  | "watching_post"
  | "new_thread"
  | "expert_question"
  | "question_solved"
  | "solution_marked"
  | "group_invitation"
  | "join_request"
  | "join_approved"
  | "join_declined"
  | "moderation"
  | "pair_request"
  | "pair_accepted"
  | "pair_declined"
  | "pair_ended"
  | "pair_invitation"
  | "event_reminder"
  | "event_promoted"
  | "event_cancelled";

export interface NotificationDto {
  id: number;
  kind: NotificationKind;
  createdAt: string;
  readAt: string | null;
  actor: { handle: string; displayName: string } | null;
  thread: { id: number; title: string } | null;
  postId: number | null;
  group: { slug: string; name: string } | null;
  /** The event a reminder or a place from the waiting list is about. */
  event?: { id: number; title: string } | null;
  /** Where the notification leads: the exact post, the group, or the settings page. */
  url: string;
  data: Record<string, string>;
}

export interface ListPlace {
  topicId?: number;
  groupId?: number;
}

export interface ServerToClientEvents {
  "session:ready": (payload: { userId: number }) => void;
  "post:created": (payload: PostEvent) => void;
  "post:updated": (payload: { threadId: number; postId: number; position: number; html: string; editedAt: string }) => void;
  "post:removed": (payload: { threadId: number; postId: number; position: number }) => void;
  "thread:solved": (payload: { threadId: number; solutionPostId: number | null }) => void;
  "thread:activity": (payload: { threadId: number; kind: "thread" | "reply"; place: ListPlace }) => void;
  typing: (payload: { threadId: number; user: { handle: string; displayName: string } }) => void;
  "notification:new": (payload: { notification: NotificationDto; unreadCount: number }) => void;
  "notifications:read": (payload: { unreadCount: number }) => void;
  /** The member's access changed (removed from a group, say): the server took the socket out of its rooms. */
  "access:changed": (payload: Record<string, never>) => void;
}

export interface ClientToServerEvents {
  "thread:subscribe": (payload: { threadId: number; sincePosition?: number }, ack: (result: Ack<{ missed: PostEvent[]; more: boolean }>) => void) => void;
  "thread:unsubscribe": (payload: { threadId: number }) => void;
  "list:subscribe": (payload: ListPlace, ack: (result: Ack<{ room: string }>) => void) => void;
  "list:unsubscribe": (payload: ListPlace) => void;
  typing: (payload: { threadId: number }) => void;
  "notifications:sync": (payload: { sinceId?: number }, ack: (result: Ack<{ missed: NotificationDto[]; unreadCount: number }>) => void) => void;
}

export interface SocketData {
  userId: number;
  sessionId: string;
}

export const rooms = {
  user: (userId: number) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  thread: (threadId: number) => `thread:${threadId}`,
  topic: (topicId: number) => `topic:${topicId}`,
  group: (groupId: number) => `group:${groupId}`,
};

/** Rooms that carry content: the ones a revocation empties and a resubscription re-checks. */
export function isContentRoom(room: string): boolean {
  return /^(thread|topic|group):\d+$/.test(room);
}
