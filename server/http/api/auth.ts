import type { NextFunction, Request, Response } from "express";
import { AppError } from "../../../shared/errors";
import { isLocale } from "../../../shared/i18n";
import { createServiceContext, type Deps, type ServiceContext } from "../../context";
import { authenticateAccessToken } from "../../domain/accounts/access-tokens.service";
import { actorFromUser } from "../../domain/sessions/session.service";
import { requestState } from "../request-state";
import { apiLocale } from "./errors";

const BEARER = /^Bearer(?:[ \t]+(.*))?$/i;

/**
 * Who is calling: a personal access token (`Authorization: Bearer enl_…`) when one is sent, else the
 * session cookie's member (already resolved by the request-state middleware), else nobody.
 * A bearer token that does not authenticate is refused outright, never downgraded to anonymous.
 * Leaves the request's ServiceContext on res.locals.ctx.
 */
export function authenticate(deps: Deps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const state = requestState(res);
      let actor = state.actor;
      let sessionId = state.sessionId;
      const match = BEARER.exec(req.headers.authorization?.trim() ?? "");
      if (match) {
        const token = match[1]?.trim() ?? "";
        const user = token ? await authenticateAccessToken(deps.db, token, deps.now()) : null;
        if (!user) {
          res.locals.apiTokenRejected = true;
          throw new AppError("UNAUTHENTICATED", "errors.sign_in_required");
        }
        actor = actorFromUser(user);
        sessionId = null;
        // The same order as for a session: the member's profile language, then the cookie, then the browser.
        if (isLocale(user.locale)) res.locals.apiLocale = user.locale;
      }
      const ctx: ServiceContext = createServiceContext(deps, {
        actor,
        locale: apiLocale(req, res),
        ip: state.ip,
        userAgent: state.userAgent,
        sessionId,
        logger: state.logger,
      });
      res.locals.ctx = ctx;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function contextOf(res: Response): ServiceContext {
  return res.locals.ctx as ServiceContext;
}
