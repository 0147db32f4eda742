import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { createTranslator, type Translate } from "../../shared/i18n";
import { isAppError } from "../../shared/errors";

import type { ActionFailure } from "./action-result";

export function translatorFor(context: AppLoadContext): Translate {
  return createTranslator(context.state.locale);
}

/**
 * Runs one service call for an action. Expected failures come back as a translated message and
 * translated field errors with the right status; NOT_FOUND becomes the 404 page.
 */
export async function runAction<T>(context: AppLoadContext, work: () => Promise<T>): Promise<T | ReturnType<typeof json<ActionFailure>>> {
  try {
    return await work();
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "NOT_FOUND") throw new Response("Not Found", { status: 404 });
    const t = translatorFor(context);
    const fieldErrors = Object.fromEntries(
      Object.entries(error.fieldErrors ?? {}).map(([field, key]) => [field, t(key)]),
    );
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
    return json<ActionFailure>(
      {
        ok: false,
        code: error.code,
        key: error.messageKey,
        message: t(error.messageKey, { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) }),
        fieldErrors,
      },
      { status: error.status, headers },
    );
  }
}

/** Loads with a service call; NOT_FOUND becomes the 404 page and UNAUTHENTICATED a trip to sign-in. */
export async function runLoader<T>(request: Request, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error)) {
      if (error.code === "NOT_FOUND") throw new Response("Not Found", { status: 404 });
      if (error.code === "UNAUTHENTICATED") throw signInRedirect(request);
      // The database is away: say so (never a page that looks complete), and when to come back.
      if (error.code === "UNAVAILABLE") throw new Response("Service Unavailable", { status: 503, headers: { "Retry-After": String(error.retryAfterSeconds ?? 5) } });
    }
    throw error;
  }
}

export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  return redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export function requireSignedIn(context: AppLoadContext, request: Request) {
  if (!context.state.account) throw signInRedirect(request);
  return context.state.account;
}

/** Only same-site paths: "/x" but never "//evil.example" or "/\\evil". */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  return value;
}
