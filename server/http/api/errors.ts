import type { NextFunction, Request, Response } from "express";
import { AppError, type ErrorCode, isAppError, statusByCode } from "../../../shared/errors";
import { createTranslator, isLocale, type Locale, type MessageKey } from "../../../shared/i18n";
import type { Deps } from "../../context";
import { requestState } from "../request-state";

/** The JSON body of every API error. */
export interface ApiErrorBody {
  error: { code: ErrorCode | "INTERNAL"; message: string; fields?: Record<string, string> };
}

/** What a translation falls back to when a service's key has no text in the dictionaries yet. */
const genericKeyByCode: Record<ErrorCode | "INTERNAL", MessageKey> = {
  NOT_FOUND: "errors.not_found",
  FORBIDDEN: "errors.forbidden_body",
  UNAUTHENTICATED: "errors.sign_in_required",
  VALIDATION: "validation.failed",
  CONFLICT: "errors.forbidden_body",
  RATE_LIMITED: "errors.rate_limited",
  UNAVAILABLE: "errors.server_body",
  INTERNAL: "errors.server_body",
};

/**
 * The API's language for a request: an explicit `?lang=` wins, then what the authentication step
 * chose (the token owner's profile), then what the request-state middleware resolved.
 */
export function apiLocale(req: Request, res: Response): Locale {
  const lang = req.query.lang;
  if (isLocale(lang)) return lang;
  const chosen = res.locals.apiLocale as Locale | undefined;
  if (chosen) return chosen;
  return (res.locals.state ? requestState(res).locale : undefined) ?? "es";
}

/** Turns an error into the API's envelope: translated message, translated field errors, the code's status. */
export function errorResponse(error: AppError, locale: Locale): { status: number; body: ApiErrorBody } {
  const t = createTranslator(locale);
  const translate = (key: string, fallback: MessageKey, vars?: Record<string, number>) => {
    const text = t(key, vars);
    // The translator answers with the key itself when a dictionary lacks it.
    return text === key ? t(fallback, vars) : text;
  };
  // NOT_FOUND must not tell "missing" from "hidden": always the same words, never fields.
  if (error.code === "NOT_FOUND") {
    return { status: 404, body: { error: { code: "NOT_FOUND", message: t("errors.not_found") } } };
  }
  const vars = { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) };
  const body: ApiErrorBody = {
    error: { code: error.code, message: translate(error.messageKey, genericKeyByCode[error.code], vars) },
  };
  const fieldEntries = Object.entries(error.fieldErrors ?? {});
  if (fieldEntries.length) {
    body.error.fields = Object.fromEntries(fieldEntries.map(([field, key]) => [field, translate(key, "validation.invalid")]));
  }
  return { status: statusByCode[error.code], body };
}

/** body-parser's failures (malformed JSON, too large, bad charset) become VALIDATION errors. */
function bodyParserError(error: unknown): AppError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const type = (error as { type?: unknown }).type;
  if (typeof type !== "string") return undefined;
  if (type === "entity.too.large") return new AppError("VALIDATION", "validation.too_long", { cause: error });
  if (type.startsWith("entity.") || type.startsWith("charset.") || type.startsWith("encoding.") || type === "request.aborted") {
    return new AppError("VALIDATION", "validation.invalid", { cause: error });
  }
  return undefined;
}

export function sendApiError(req: Request, res: Response, error: AppError): void {
  const { status, body } = errorResponse(error, apiLocale(req, res));
  if (error.retryAfterSeconds) res.setHeader("Retry-After", String(error.retryAfterSeconds));
  if (error.code === "UNAUTHENTICATED") {
    res.setHeader(
      "WWW-Authenticate",
      res.locals.apiTokenRejected ? 'Bearer realm="Enlace API", error="invalid_token"' : 'Bearer realm="Enlace API"',
    );
  }
  res.status(status).json(body);
}

/** The API's last error handler: expected errors in the envelope, anything else a bare 500. */
export function apiErrorHandler(deps: Deps) {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    res.setHeader("Cache-Control", "no-store");
    const known = isAppError(error) ? error : bodyParserError(error);
    // The database out of reach is an operator's problem: log its cause, answer 503 with Retry-After.
    if (known?.code === "UNAVAILABLE") (req.log ?? deps.logger).error({ err: known.cause ?? known }, "API request failed: service unavailable");
    if (known) return sendApiError(req, res, known);
    (req.log ?? deps.logger).error({ err: error }, "API request failed");
    const t = createTranslator(apiLocale(req, res));
    const body: ApiErrorBody = { error: { code: "INTERNAL", message: t(genericKeyByCode.INTERNAL) } };
    res.status(500).json(body);
  };
}
