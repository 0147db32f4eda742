import type { AppLoadContext } from "@remix-run/node";
import { serializeLanguageCookie } from "../../server/http/session-cookie";

export function serializeLanguageCookieHeader(context: AppLoadContext, locale: string): string {
  return serializeLanguageCookie(locale, context.config.secureCookies);
}
