import type { Server } from "socket.io";
import type { Logger } from "../logger";
import {
  isContentRoom,
  rooms,
  type ClientToServerEvents,
  type ListPlace,
  type ServerToClientEvents,
  type SocketData,
} from "../../shared/realtime/events";

export type EnlaceIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * What services use to reach open pages, after their transaction commits. Rooms only hold sockets the
 * guardian admitted, so an event sent to a room reaches exactly its allowed audience. Before Socket.io is
 * attached (scripts, service tests) it records nothing and sends nothing. With the Redis adapter, every
 * call here reaches sockets on every instance.
 */
export interface RealtimeHub {
  attach(io: EnlaceIo, logger?: Pick<Logger, "warn">): void;
  toThread<E extends EventName>(threadId: number, event: E, payload: Payload<E>): void;
  toList<E extends EventName>(place: ListPlace, event: E, payload: Payload<E>): void;
  toUser<E extends EventName>(userId: number, event: E, payload: Payload<E>): void;
  /**
   * Takes the member's sockets (on every instance) out of every content room; their pages subscribe again
   * and the guardian decides anew. If some instance cannot be asked which rooms its sockets are in, the
   * member's sockets are disconnected instead: never left in a room they may no longer see.
   */
  revokeAccess(userId: number): Promise<void>;
  /** Empties a thread's room when its audience may have shrunk (moved into a group, deleted): pages subscribe again. */
  resetThreadAudience(threadId: number): void;
  /** Disconnects the sockets of one session (sign-out, session ended). */
  endSession(sessionId: string): void;
  /** Disconnects every socket of a member (suspension, password change, deletion), except one session's if given. */
  endUserSockets(userId: number, exceptSessionId?: string | null): void;
}

export function createRealtimeHub(): RealtimeHub {
  let io: EnlaceIo | undefined;
  let logger: Pick<Logger, "warn"> | undefined;
  return {
    attach(server, log) {
      io = server;
      logger = log;
    },
    toThread(threadId, event, payload) {
      (io?.to(rooms.thread(threadId)).emit as ((e: EventName, p: unknown) => void) | undefined)?.(event, payload);
    },
    toList(place, event, payload) {
      const targets = [place.topicId ? rooms.topic(place.topicId) : null, place.groupId ? rooms.group(place.groupId) : null].filter(
        (room): room is string => room !== null,
      );
      if (!io || targets.length === 0) return;
      (io.to(targets).emit as (e: EventName, p: unknown) => void)(event, payload);
    },
    toUser(userId, event, payload) {
      (io?.to(rooms.user(userId)).emit as ((e: EventName, p: unknown) => void) | undefined)?.(event, payload);
    },
    async revokeAccess(userId) {
      if (!io) return;
      const members = io.in(rooms.user(userId));
      try {
        for (const socket of await members.fetchSockets()) {
          for (const room of [...socket.rooms].filter(isContentRoom)) socket.leave(room);
        }
      } catch (error) {
        logger?.warn({ err: error, userId }, "could not reach every socket to revoke access: disconnecting the member's sockets");
        members.disconnectSockets(true);
        return;
      }
      members.emit("access:changed", {});
    },
    resetThreadAudience(threadId) {
      if (!io) return;
      const room = rooms.thread(threadId);
      io.to(room).emit("access:changed", {});
      io.in(room).socketsLeave(room);
    },
    endSession(sessionId) {
      io?.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    endUserSockets(userId, exceptSessionId) {
      if (!io) return;
      const target = io.in(rooms.user(userId));
      (exceptSessionId ? target.except(rooms.session(exceptSessionId)) : target).disconnectSockets(true);
    },
  };
}
