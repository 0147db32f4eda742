import type { HeadersFunction } from "@remix-run/node";

/**
 * On a document request Remix takes headers only from a route's `headers` export, so routes whose
 * actions answer with cookies or Retry-After pass them on with this.
 */
export const passActionHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers();
  for (const source of [loaderHeaders, actionHeaders]) {
    for (const cookie of source.getSetCookie()) headers.append("Set-Cookie", cookie);
    const retryAfter = source.get("Retry-After");
    if (retryAfter) headers.set("Retry-After", retryAfter);
  }
  return headers;
};
