// Typed socket events shared by the server and the browser. Realtime features add theirs here.
export interface ServerToClientEvents {
  "session:ready": (payload: { userId: number }) => void;
}

export type ClientToServerEvents = Record<string, never>;

export interface SocketData {
  userId: number;
  sessionId: string;
}
