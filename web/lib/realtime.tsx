// Live pages: one Socket.io connection per signed-in tab, shared by the header's bell and whatever page is
// open. socket.io-client is imported inside an effect, so server rendering never touches it and pages
// without JavaScript stay exactly as they are, only without live updates.
import { useNavigation, useRevalidator } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ListPlace, NotificationDto, PostEvent, ServerToClientEvents } from "../../shared/realtime/events";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RealtimeValue {
  socket: LiveSocket | null;
  /** The server said the socket is ready (session:ready) and it has not dropped since. */
  isReady(): boolean;
  /** Unread notifications: the root loader's count, then kept current by the socket. */
  unreadCount: number;
  /** "paused" once a connection that worked has dropped and the client is trying again. */
  status: "idle" | "live" | "paused";
  selfHandle: string | null;
  onNotification(listener: (notification: NotificationDto) => void): () => void;
}

const fallback: RealtimeValue = {
  socket: null,
  isReady: () => false,
  unreadCount: 0,
  status: "idle",
  selfHandle: null,
  onNotification: () => () => {},
};

const RealtimeContext = createContext<RealtimeValue | null>(null);

export function useRealtime(): RealtimeValue {
  return useContext(RealtimeContext) ?? fallback;
}

/**
 * Opens the socket for a signed-in member (enabled) and keeps the unread count. Mount it keyed by the
 * member, so signing out or in closes the old connection.
 */
export function RealtimeProvider({
  enabled,
  selfHandle,
  unreadCount: loadedUnread,
  children,
}: {
  enabled: boolean;
  selfHandle: string | null;
  unreadCount: number;
  children: ReactNode;
}) {
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [status, setStatus] = useState<RealtimeValue["status"]>("idle");
  const [unreadCount, setUnreadCount] = useState(loadedUnread);
  const ready = useRef(false);
  const listeners = useRef(new Set<(notification: NotificationDto) => void>());
  const seenIds = useRef(new Set<number>());
  const newestId = useRef<number | undefined>(undefined);

  // A loader that ran again (after an action) knows the count as well as the socket does.
  useEffect(() => setUnreadCount(loadedUnread), [loadedUnread]);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let opened: LiveSocket | undefined;
    let everReady = false;

    const receive = (notification: NotificationDto) => {
      if (seenIds.current.has(notification.id)) return;
      seenIds.current.add(notification.id);
      newestId.current = Math.max(newestId.current ?? 0, notification.id);
      for (const listener of listeners.current) listener(notification);
    };

    import("socket.io-client")
      .then(({ io }) => {
        if (cancelled) return;
        // WebSocket first (no sticky sessions needed); long-polling only where WebSocket is blocked.
        const live: LiveSocket = io({ transports: ["websocket", "polling"], tryAllTransports: true });
        opened = live;
        live.on("session:ready", () => {
          ready.current = true;
          everReady = true;
          setStatus("live");
          // Catch up on what arrived while the page was loading or the connection was down.
          live.emit("notifications:sync", { sinceId: newestId.current }, (result) => {
            if (!result.ok) return;
            for (const notification of result.data.missed) receive(notification);
            setUnreadCount(result.data.unreadCount);
          });
        });
        live.on("disconnect", (reason) => {
          ready.current = false;
          // The server ended this session's sockets (sign-out, suspension): nothing to wait for.
          if (reason === "io server disconnect" || reason === "io client disconnect") setStatus("idle");
          else if (everReady) setStatus("paused");
        });
        live.on("connect_error", () => {
          // A refused handshake (no longer signed in) is not retried by the client.
          if (!live.active) setStatus("idle");
        });
        live.on("notification:new", ({ notification, unreadCount: count }) => {
          receive(notification);
          setUnreadCount(count);
        });
        live.on("notifications:read", ({ unreadCount: count }) => setUnreadCount(count));
        setSocket(live);
      })
      .catch(() => {
        // Without the module (offline, blocked) the page simply stays as it is.
      });
    return () => {
      cancelled = true;
      ready.current = false;
      opened?.disconnect();
      setSocket(null);
      setStatus("idle");
    };
  }, [enabled]);

  const onNotification = useCallback((listener: (notification: NotificationDto) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const isReady = useCallback(() => ready.current, []);

  const value = useMemo<RealtimeValue>(
    () => ({ socket, isReady, unreadCount, status, selfHandle, onNotification }),
    [socket, isReady, unreadCount, status, selfHandle, onNotification],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/**
 * Runs `subscribe` now if the socket is ready, and again after every reconnection and every
 * `access:changed` (the server emptied the socket's content rooms; the guardian decides anew).
 */
function useResubscribe(subscribe: ((socket: LiveSocket) => void) | null, unsubscribe: ((socket: LiveSocket) => void) | null, deps: unknown[]) {
  const { socket, isReady } = useRealtime();
  useEffect(() => {
    if (!socket || !subscribe) return;
    const run = () => subscribe(socket);
    if (isReady()) run();
    socket.on("session:ready", run);
    socket.on("access:changed", run);
    return () => {
      socket.off("session:ready", run);
      socket.off("access:changed", run);
      if (socket.connected && unsubscribe) unsubscribe(socket);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, isReady, ...deps]);
}

/** Whether the page's room subscription is in place (false again while the connection is down). */
function useSubscribedFlag() {
  const { socket } = useRealtime();
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    if (!socket) return;
    const off = () => setSubscribed(false);
    socket.on("disconnect", off);
    return () => {
      socket.off("disconnect", off);
    };
  }, [socket]);
  return [subscribed, setSubscribed] as const;
}

/** Re-runs the page's loaders a moment after the last call, so a burst of events costs one load. */
function useDebouncedRevalidate(delayMs = 300) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const latest = useRef({ revalidator, navigation });
  latest.current = { revalidator, navigation };
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const run = useCallback(() => {
    const { revalidator: current, navigation: moving } = latest.current;
    // While the member is leaving for another page, that page's data is what will show; once a form
    // posted here is done, Remix loads this page again on its own. Either way, wait and look again.
    if (moving.state !== "idle" || current.state !== "idle") {
      timer.current = setTimeout(run, delayMs);
      return;
    }
    current.revalidate();
  }, [delayMs]);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(run, delayMs);
  }, [delayMs, run]);
}

/** How an open thread page answers a live post: shown in place (revalidate) or counted as new elsewhere. */
export interface ThreadPageShape {
  /** Every post the page shows (opening, solution, replies, nested replies). */
  shows(postId: number): boolean;
  /** Whether a new post would appear on this page once it loads again. */
  wouldShow(post: Pick<PostEvent, "postId" | "parentId" | "depth">): boolean;
}

const TYPING_SEND_MS = 3_000;
const TYPING_SHOWN_MS = 5_000;

/**
 * The thread page's live side: subscribes from the last position the page knows, revalidates when a change
 * lands on this page, counts new replies that land elsewhere (each position once, catch-up included), and
 * carries typing signals both ways.
 */
export function useThreadLive({
  threadId,
  lastPosition,
  pageKey,
  shape,
}: {
  threadId: number;
  /** The thread's last post position when the page's data was loaded. */
  lastPosition: number;
  /** Changes when the member moves to another page of the thread (the counts start again). */
  pageKey: string;
  shape: ThreadPageShape;
}) {
  const { socket, selfHandle } = useRealtime();
  const revalidateSoon = useDebouncedRevalidate();
  const [unseen, setUnseen] = useState<{ count: number; newestPostId: number | null; newestPosition: number }>({
    count: 0,
    newestPostId: null,
    newestPosition: 0,
  });
  const [typers, setTypers] = useState<Map<string, { name: string; until: number }>>(new Map());
  const known = useRef(new Set<number>());
  const loadedUpTo = useRef(lastPosition);
  const lastSeen = useRef(lastPosition);
  const shapeRef = useRef(shape);
  shapeRef.current = shape;
  const lastTypingSent = useRef(0);
  const [subscribed, setSubscribed] = useSubscribedFlag();

  // What the loader returned is known: everything up to its last position was committed when it ran.
  loadedUpTo.current = lastPosition;
  if (lastPosition > lastSeen.current) lastSeen.current = lastPosition;

  useEffect(() => {
    setUnseen({ count: 0, newestPostId: null, newestPosition: 0 });
  }, [pageKey]);

  useEffect(() => {
    // Another thread: start from what this one's page knows.
    known.current = new Set();
    lastSeen.current = loadedUpTo.current;
    setTypers(new Map());
  }, [threadId]);

  const handlePost = useCallback(
    (post: PostEvent) => {
      if (post.threadId !== threadId || known.current.has(post.position)) return;
      known.current.add(post.position);
      lastSeen.current = Math.max(lastSeen.current, post.position);
      if (post.author) {
        const handle = post.author.handle;
        setTypers((current) => {
          if (!current.has(handle)) return current;
          const next = new Map(current);
          next.delete(handle);
          return next;
        });
      }
      if (shapeRef.current.wouldShow(post)) {
        // Already in what the loader returned (the event came after the data), or load it now.
        if (post.position > loadedUpTo.current) revalidateSoon();
      } else {
        setUnseen((current) => ({
          count: current.count + 1,
          newestPostId: post.position > current.newestPosition ? post.postId : current.newestPostId,
          newestPosition: Math.max(current.newestPosition, post.position),
        }));
      }
    },
    [threadId, revalidateSoon],
  );

  useResubscribe(
    (live) =>
      live.emit("thread:subscribe", { threadId, sincePosition: lastSeen.current }, (result) => {
        if (!result.ok) {
          setSubscribed(false);
          // The member may no longer see this thread: loading again shows what they may see now.
          if (result.error.code === "NOT_FOUND") revalidateSoon();
          return;
        }
        setSubscribed(true);
        for (const post of result.data.missed) handlePost(post);
        // Too much was missed to catch up post by post: load the page again instead.
        if (result.data.more) revalidateSoon();
      }),
    (live) => live.emit("thread:unsubscribe", { threadId }),
    [threadId, handlePost, setSubscribed],
  );

  useEffect(() => {
    if (!socket) return;
    const onCreated = (post: PostEvent) => handlePost(post);
    const onChanged = (payload: { threadId: number; postId: number }) => {
      if (payload.threadId === threadId && shapeRef.current.shows(payload.postId)) revalidateSoon();
    };
    const onSolved = (payload: { threadId: number }) => {
      if (payload.threadId === threadId) revalidateSoon();
    };
    const onTyping = (payload: { threadId: number; user: { handle: string; displayName: string } }) => {
      if (payload.threadId !== threadId || payload.user.handle === selfHandle) return;
      setTypers((current) => new Map(current).set(payload.user.handle, { name: payload.user.displayName, until: Date.now() + TYPING_SHOWN_MS }));
    };
    socket.on("post:created", onCreated);
    socket.on("post:updated", onChanged);
    socket.on("post:removed", onChanged);
    socket.on("thread:solved", onSolved);
    socket.on("typing", onTyping);
    return () => {
      socket.off("post:created", onCreated);
      socket.off("post:updated", onChanged);
      socket.off("post:removed", onChanged);
      socket.off("thread:solved", onSolved);
      socket.off("typing", onTyping);
    };
  }, [socket, threadId, selfHandle, handlePost, revalidateSoon]);

  // Typing signals fade TYPING_SHOWN_MS after the last one.
  useEffect(() => {
    if (typers.size === 0) return;
    const next = Math.min(...[...typers.values()].map((typer) => typer.until));
    const timer = setTimeout(() => {
      const now = Date.now();
      setTypers((current) => new Map([...current].filter(([, typer]) => typer.until > now)));
    }, Math.max(50, next - Date.now()));
    return () => clearTimeout(timer);
  }, [typers]);

  const sendTyping = useCallback(() => {
    const now = Date.now();
    if (!socket?.connected || now - lastTypingSent.current < TYPING_SEND_MS) return;
    lastTypingSent.current = now;
    socket.emit("typing", { threadId });
  }, [socket, threadId]);

  return {
    subscribed,
    newReplies: unseen.count,
    newestPostId: unseen.newestPostId,
    typingNames: [...typers.values()].map((typer) => typer.name),
    sendTyping,
  };
}

/**
 * For composers away from the thread page (replying to one post): joins the thread's room, which the
 * server requires before it passes typing signals on, and sends them at most every few seconds.
 */
export function useTypingSignal(threadId: number) {
  const { socket } = useRealtime();
  const lastSent = useRef(0);
  useResubscribe(
    (live) => live.emit("thread:subscribe", { threadId }, () => {}),
    (live) => live.emit("thread:unsubscribe", { threadId }),
    [threadId],
  );
  return useCallback(() => {
    const now = Date.now();
    if (!socket?.connected || now - lastSent.current < TYPING_SEND_MS) return;
    lastSent.current = now;
    socket.emit("typing", { threadId });
  }, [socket, threadId]);
}

/** A topic's or group's thread list: counts new threads and replies until the member asks to see them. */
export function useListLive(place: ListPlace | null) {
  const { socket } = useRealtime();
  const revalidator = useRevalidator();
  const [counts, setCounts] = useState({ threads: 0, replies: 0 });
  const [subscribed, setSubscribed] = useSubscribedFlag();
  const topicId = place?.topicId;
  const groupId = place?.groupId;

  useResubscribe(
    topicId || groupId
      ? (live) => live.emit("list:subscribe", topicId ? { topicId } : { groupId }, (result) => setSubscribed(result.ok))
      : null,
    (live) => live.emit("list:unsubscribe", topicId ? { topicId } : { groupId }),
    [topicId, groupId, setSubscribed],
  );

  useEffect(() => {
    if (!socket || !(topicId || groupId)) return;
    const onActivity = (payload: { threadId: number; kind: "thread" | "reply"; place: ListPlace }) => {
      const here = topicId ? payload.place.topicId === topicId : payload.place.groupId === groupId;
      if (!here) return;
      setCounts((current) =>
        payload.kind === "thread" ? { ...current, threads: current.threads + 1 } : { ...current, replies: current.replies + 1 },
      );
    };
    socket.on("thread:activity", onActivity);
    return () => {
      socket.off("thread:activity", onActivity);
    };
  }, [socket, topicId, groupId]);

  // The list changed (filters, paging): what was counted is in the new data or not relevant any more.
  const show = useCallback(() => {
    setCounts({ threads: 0, replies: 0 });
    revalidator.revalidate();
  }, [revalidator]);

  return { subscribed, newThreads: counts.threads, newReplies: counts.replies, show };
}

/** Calls `onNew` for each notification that arrives live (each once). */
export function useNotificationArrivals(onNew: (notification: NotificationDto) => void) {
  const { onNotification } = useRealtime();
  const latest = useRef(onNew);
  latest.current = onNew;
  useEffect(() => onNotification((notification) => latest.current(notification)), [onNotification]);
}

export { useDebouncedRevalidate };
