import { createServer, type Server as HttpServer } from "node:http";
import { openDatabase, type DatabaseHandle } from "../db/connection";
import { migrateToLatest } from "../db/migrator";
import { seedDemo } from "../db/seed";
import { createApp, type WebOptions } from "./app";
import type { Config } from "./config";
import type { Deps } from "./context";
import { createMailQueue } from "./domain/mail/mail-queue";
import { createNotificationComposer } from "./domain/notifications/notification-email";
import { createRealtimeHub } from "./realtime/hub";
import { defaultRateLimits } from "./domain/security/rate-limit";
import { startMaintenance } from "./jobs/maintenance";
import { createWebhookDelivery } from "./domain/webhooks/delivery";
import { createLogger, type Logger } from "./logger";
import { attachSockets, type SocketServer } from "./sockets";

export interface RunningServer {
  deps: Deps;
  http: HttpServer;
  io: SocketServer["io"];
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds when asked, and builds the dependencies every request shares. */
export async function createDeps(config: Config, logger: Logger = createLogger(config)): Promise<{ deps: Deps; handle: DatabaseHandle; timings: Record<string, number> }> {
  // How long each step of a start took, logged once listening (docs/performance.md, P9).
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    timings[step] = Math.round(now - mark);
    mark = now;
  };
  const handle = await openDatabase(
    config.database.kind === "postgres"
      ? { kind: "postgres", url: config.database.url, poolSize: config.database.poolSize }
      : { kind: "pglite", dataDir: config.database.dataDir },
  );
  lap("databaseMs");
  const applied = await migrateToLatest(handle.db);
  lap("migrationsMs");
  if (applied.length) logger.info({ migrations: applied }, "migrations applied");
  const deps: Deps = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    ping: handle.ping,
    logger,
    mail: createMailQueue({
      db: handle.db,
      logger,
      from: config.mail.from,
      smtpUrl: config.mail.smtpUrl,
      outboxDir: config.outboxDir,
      messageIdHost: new URL(config.publicUrl).hostname,
      compose: createNotificationComposer(() => deps),
    }),
    realtime: createRealtimeHub(),
    rateLimits: defaultRateLimits,
    now: () => new Date(),
    webhooks: createWebhookDelivery({
      db: handle.db,
      logger,
      allowPrivateAddresses: config.webhooks.allowPrivateAddresses,
      userAgent: `Enlace-Webhooks/1 (+${config.publicUrl})`,
    }),
  };
  if (config.seedDemo) {
    const seeded = await seedDemo(deps, { onlyIfEmpty: true });
    if (seeded) logger.info("demo content created (see README for the demo accounts)");
    lap("demoMs");
  }
  return { deps, handle, timings };
}

/** Starts the one process: Express, Remix and Socket.io on one HTTP server. */
export async function startServer(config: Config, web: WebOptions | undefined, logger = createLogger(config)): Promise<RunningServer> {
  const { deps, handle, timings } = await createDeps(config, logger);
  const app = createApp(deps, web);
  const http = createServer(app);
  const sockets = await attachSockets(http, deps);
  deps.mail.start();
  deps.webhooks?.start();
  const maintenance = startMaintenance(deps);
  await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  // Since the process began: module loading included.
  logger.info({ url, db: handle.kind, startup: { ...timings, sinceProcessStartMs: Math.round(performance.now()) } }, "Enlace is listening");
  return {
    deps,
    http,
    io: sockets.io,
    url,
    async close() {
      maintenance.stop();
      await sockets.close();
      await deps.mail.stop();
      await deps.webhooks?.stop();
      await handle.close();
    },
  };
}
