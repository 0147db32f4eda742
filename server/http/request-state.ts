import type { Request, Response } from "express";
import type { AccountDto } from "../domain/accounts/account.dto";
import type { Locale } from "../../shared/i18n";
import type { Actor } from "../../shared/guardian";
import type { Logger } from "../logger";

/** What the middleware learns about a request before any route runs (kept on res.locals). */
export interface RequestState {
  requestId: string;
  ip: string;
  userAgent: string;
  locale: Locale;
  /** Where the locale came from: the profile, the switcher's cookie, the browser, or the default. */
  localeSource: "profile" | "cookie" | "browser" | "default";
  actor: Actor | null;
  account: AccountDto | null;
  sessionId: string | null;
  cspNonce: string;
  logger: Logger;
}

export function requestState(res: Response): RequestState {
  return res.locals.state as RequestState;
}

export function clientIp(req: Request): string {
  // req.ip honours X-Forwarded-For only when Express's "trust proxy" is on (TRUST_PROXY).
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}
