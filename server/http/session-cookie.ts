import { parse, serialize } from "cookie";
import type { Config } from "../config";

export interface SessionCookie {
  name: string;
  read(cookieHeader: string | null | undefined): string | undefined;
  serialize(token: string, expiresAt: Date): string;
  clear(): string;
}

/** HttpOnly, SameSite=Lax; over HTTPS Secure with the __Host- prefix (so no subdomain can set it). */
export function createSessionCookie(config: Pick<Config, "secureCookies">): SessionCookie {
  const name = config.secureCookies ? "__Host-enlace_session" : "enlace_session";
  const base = { httpOnly: true, sameSite: "lax" as const, secure: config.secureCookies, path: "/" };
  return {
    name,
    read(header) {
      if (!header) return undefined;
      return parse(header)[name];
    },
    serialize: (token, expiresAt) => serialize(name, token, { ...base, expires: expiresAt }),
    clear: () => serialize(name, "", { ...base, maxAge: 0 }),
  };
}

export const LANGUAGE_COOKIE = "enlace_lang";

export function serializeLanguageCookie(locale: string, secure: boolean): string {
  return serialize(LANGUAGE_COOKIE, locale, {
    path: "/",
    sameSite: "lax",
    secure,
    maxAge: 365 * 24 * 60 * 60,
  });
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  return parse(header)[name];
}
