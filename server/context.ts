import type { DB, DatabaseKind } from "../db/connection";
import { type Actor, createGuardian, type Guardian } from "../shared/guardian";
import type { Locale } from "../shared/i18n";
import type { Config } from "./config";
import type { MailQueue } from "./domain/mail/mail-queue";
import type { RateLimitRules } from "./domain/security/rate-limit";
import type { WebhookDelivery } from "./domain/webhooks/delivery";
import type { Logger } from "./logger";
import type { RealtimeHub } from "./realtime/hub";

/** What the process builds once at start and hands to every request. */
export interface Deps {
  config: Config;
  db: DB;
  dbKind: DatabaseKind;
  ping(timeoutMs?: number): Promise<boolean>;
  logger: Logger;
  mail: MailQueue;
  /** Open pages: services publish to it after commit. */
  realtime: RealtimeHub;
  rateLimits: RateLimitRules;
  now(): Date;
  /** The outgoing-webhook worker; services kick it after a commit that queued deliveries. */
  webhooks?: WebhookDelivery;
}

/** What a service needs to do one thing for one actor. */
export interface ServiceContext {
  deps: Deps;
  db: DB;
  actor: Actor | null;
  guardian: Guardian;
  logger: Logger;
  locale: Locale;
  ip: string;
  userAgent: string;
  /** The session the request came with, so "end my other sessions" can keep it. */
  sessionId: string | null;
}

export function createServiceContext(
  deps: Deps,
  request: { actor: Actor | null; locale: Locale; ip: string; userAgent: string; sessionId: string | null; logger?: Logger },
): ServiceContext {
  return {
    deps,
    db: deps.db,
    actor: request.actor,
    guardian: createGuardian(request.actor),
    logger: request.logger ?? deps.logger,
    locale: request.locale,
    ip: request.ip,
    userAgent: request.userAgent,
    sessionId: request.sessionId,
  };
}
