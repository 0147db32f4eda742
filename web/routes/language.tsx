import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "../../shared/i18n/core";
import { serializeLanguageCookieHeader } from "../lib/cookies.server";
import { safeRedirectPath } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

// The language switcher posts here: the choice goes in a cookie, and in the profile when signed in.
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const back = safeRedirectPath(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(back);
  await context.services.accounts.setMyLocale(context.ctx, locale);
  return redirect(back, { headers: { "Set-Cookie": serializeLanguageCookieHeader(context, locale) } });
}

export async function loader() {
  return redirect("/");
}
