import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import {
  createSession,
  SESSION_REFRESH_WHEN_DAYS_LEFT,
  validateSessionToken,
} from "../../server/domain/sessions/session.service";
import { createUser } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const DAY = 24 * 60 * 60 * 1000;
let handle: DatabaseHandle;
let deps: TestDeps;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle, { env: { SESSION_DAYS: "30", SESSION_MAX_DAYS: "90" } });
});
afterAll(async () => {
  await handle?.close();
});

async function newSession() {
  const user = await createUser(deps.db);
  const start = deps.now();
  const { token, session } = await createSession(deps, deps.db, user.id, { ip: "10.0.0.1", userAgent: "test" });
  return { user, token, session, start };
}

describe("sessions", () => {
  it("store only a hash of the secret; the token itself appears nowhere in the database", async () => {
    const { token, session } = await newSession();
    const row = await deps.db.selectFrom("sessions").selectAll().where("id", "=", session.id).executeTakeFirstOrThrow();
    const secret = token.split(".")[1];
    expect(row.secret_hash).toHaveLength(32);
    const everything = JSON.stringify(await deps.db.selectFrom("sessions").selectAll().execute());
    expect(everything).not.toContain(secret);
  });

  it("refuse a token whose secret was altered", async () => {
    const { token } = await newSession();
    const [id, secret] = token.split(".");
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    expect(await validateSessionToken(deps, `${id}.${flipped}`)).toBeNull();
    expect(await validateSessionToken(deps, id)).toBeNull();
    expect(await validateSessionToken(deps, token)).not.toBeNull();
  });

  it("slide: used with fewer than 15 days left, the expiry moves 30 days ahead", async () => {
    const { token, session, start } = await newSession();
    expect(session.expires_at.getTime() - start.getTime()).toBe(30 * DAY);
    deps.clock.set(new Date(start.getTime() + 10 * DAY));
    const early = await validateSessionToken(deps, token);
    expect(early?.refreshed).toBe(false);
    expect(early?.session.expires_at.getTime()).toBe(session.expires_at.getTime());
    deps.clock.set(new Date(start.getTime() + (30 - SESSION_REFRESH_WHEN_DAYS_LEFT + 1) * DAY));
    const late = await validateSessionToken(deps, token);
    expect(late?.refreshed).toBe(true);
    expect(late?.session.expires_at.getTime()).toBe(deps.now().getTime() + 30 * DAY);
    deps.clock.set(new Date());
  });

  it("expire when idle past the sliding window", async () => {
    const { token, start } = await newSession();
    deps.clock.set(new Date(start.getTime() + 30 * DAY + 1000));
    expect(await validateSessionToken(deps, token)).toBeNull();
    deps.clock.set(new Date());
  });

  it("end at the absolute limit however often they are used", async () => {
    const { token, start } = await newSession();
    for (let day = 14; day < 90; day += 14) {
      deps.clock.set(new Date(start.getTime() + day * DAY));
      expect(await validateSessionToken(deps, token), `day ${day}`).not.toBeNull();
    }
    deps.clock.set(new Date(start.getTime() + 89 * DAY));
    const last = await validateSessionToken(deps, token);
    expect(last!.session.expires_at.getTime()).toBeLessThanOrEqual(start.getTime() + 90 * DAY);
    deps.clock.set(new Date(start.getTime() + 90 * DAY + 1000));
    expect(await validateSessionToken(deps, token)).toBeNull();
    deps.clock.set(new Date());
  });
});
