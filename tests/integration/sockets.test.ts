import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import type { DatabaseHandle } from "../../db/connection";
import { createSession } from "../../server/domain/sessions/session.service";
import { createSessionCookie } from "../../server/http/session-cookie";
import { createUser } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";

let handle: DatabaseHandle;
let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle, { withRemix: false });
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.close();
  await handle?.close();
});

function open(headers: Record<string, string>): Promise<{ ok: true; socket: Socket; userId: number } | { ok: false; reason: string }> {
  const socket = connect(server.url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, timeout: 3000 });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.on("session:ready", ({ userId }) => resolve({ ok: true, socket, userId }));
    socket.on("connect_error", (error) => resolve({ ok: false, reason: error.message }));
  });
}

async function sessionCookieFor(userId: number) {
  const { token, session } = await createSession(server.deps, server.deps.db, userId, { ip: "", userAgent: "" });
  return createSessionCookie(server.deps.config).serialize(token, session.expires_at).split(";")[0];
}

describe("socket handshake", () => {
  it("accepts a valid session from this site, and tells the socket who it is", async () => {
    const user = await createUser(server.deps.db);
    const result = await open({ origin: server.origin, cookie: await sessionCookieFor(user.id) });
    expect(result).toMatchObject({ ok: true, userId: user.id });
  });

  it("refuses a foreign Origin even with a valid session (cross-site websocket hijacking)", async () => {
    const user = await createUser(server.deps.db);
    const result = await open({ origin: "https://evil.example", cookie: await sessionCookieFor(user.id) });
    expect(result.ok).toBe(false);
  });

  it("refuses a handshake without a session", async () => {
    expect(await open({ origin: server.origin })).toEqual({ ok: false, reason: "unauthenticated" });
  });

  it("refuses a forged or ended session", async () => {
    expect(await open({ origin: server.origin, cookie: "enlace_session=abc.def" })).toEqual({ ok: false, reason: "unauthenticated" });
    const user = await createUser(server.deps.db);
    const cookie = await sessionCookieFor(user.id);
    await server.deps.db.deleteFrom("sessions").where("user_id", "=", user.id).execute();
    expect(await open({ origin: server.origin, cookie })).toEqual({ ok: false, reason: "unauthenticated" });
  });
});
