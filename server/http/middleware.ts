import { randomBytes, randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { pinoHttp } from "pino-http";
import { isLocale, localeFromAcceptLanguage, defaultLocale, type Locale } from "../../shared/i18n";
import type { Deps } from "../context";
import { toAccountDto } from "../domain/accounts/account.dto";
import { actorFromUser, validateSessionToken } from "../domain/sessions/session.service";
import { clientIp, type RequestState } from "./request-state";
import { LANGUAGE_COOKIE, readCookie, type SessionCookie } from "./session-cookie";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Gives each request an id (kept from X-Request-Id when sane) and a child logger that carries it. */
export function requestLogging(deps: Deps) {
  return pinoHttp({
    logger: deps.logger,
    genReqId(req, res) {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    // Never bodies, cookies or authorization headers: only what identifies the request.
    serializers: {
      req: (req) => ({ id: req.id, method: req.method, url: req.url?.split("?")[0] }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    autoLogging: { ignore: (req) => req.url === "/healthz" || req.url?.startsWith("/assets/") === true },
  });
}

/**
 * RFC 8058 one-click unsubscribe: mail providers POST `List-Unsubscribe=One-Click` to the emailed URL from
 * their servers, with no Origin and no session. The signed token in that URL is the authority (it can only
 * turn off one member's notification emails), so exactly this path is exempt from the Origin check.
 */
function isOneClickUnsubscribe(req: Request): boolean {
  return req.method === "POST" && req.path === "/unsubscribe";
}

/**
 * CSRF defence: a state-changing request must carry an Origin header naming this site.
 * Browsers always send Origin on cross-site and same-site POSTs, so a missing one is refused too.
 */
export function requireSameOrigin(allowedOrigins: string[]) {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isOneClickUnsubscribe(req)) {
      // Remix refuses an action whose Origin names another host; this POST needs none, so drop it.
      delete req.headers.origin;
      return next();
    }
    // A bearer token is never attached by a browser on its own, so a cookie-less API call carrying
    // one cannot be forged cross-site.
    if (!req.headers.cookie && /^Bearer\s/i.test(req.headers.authorization ?? "")) return next();
    const origin = req.headers.origin;
    if (typeof origin === "string" && allowed.has(origin)) return next();
    if (req.path.startsWith("/api/")) {
      res.status(403).json({ error: { code: "FORBIDDEN", message: "This request did not come from this site (Origin)." } });
      return;
    }
    res.status(403).type("text/plain").send("Forbidden: this request did not come from this site.");
  };
}

/** Resolves session, actor and language once per request, before any route runs. */
export function resolveRequestState(deps: Deps, sessionCookie: SessionCookie) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const state: RequestState = {
        requestId: String(req.id ?? ""),
        ip: clientIp(req),
        userAgent: String(req.headers["user-agent"] ?? ""),
        locale: defaultLocale,
        localeSource: "default",
        actor: null,
        account: null,
        sessionId: null,
        cspNonce: randomBytes(16).toString("base64"),
        logger: req.log ?? deps.logger,
      };
      res.locals.state = state;

      const token = sessionCookie.read(req.headers.cookie);
      if (token) {
        const validated = await validateSessionToken(deps, token);
        if (validated) {
          state.actor = actorFromUser(validated.user);
          state.account = toAccountDto(validated.user);
          state.sessionId = validated.session.id;
          if (validated.refreshed) {
            res.append("Set-Cookie", sessionCookie.serialize(token, validated.session.expires_at));
          }
        } else {
          res.append("Set-Cookie", sessionCookie.clear());
        }
      }

      const cookieLocale = readCookie(req.headers.cookie, LANGUAGE_COOKIE);
      const browserLocale = localeFromAcceptLanguage(req.headers["accept-language"]);
      const chosen: [Locale | undefined, RequestState["localeSource"]][] = [
        [state.account && isLocale(state.account.locale) ? state.account.locale : undefined, "profile"],
        [isLocale(cookieLocale) ? cookieLocale : undefined, "cookie"],
        [browserLocale, "browser"],
      ];
      const found = chosen.find(([locale]) => locale !== undefined);
      if (found) {
        state.locale = found[0]!;
        state.localeSource = found[1];
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
