/**
 * An Atom document as an HTTP answer: the right type, Last-Modified (and 304 to a reader that already has
 * it), and caching that shared caches may use only when no cookie came with the request (a signed-in
 * request may carry a renewed session cookie, which must never be stored for others).
 */
export function atomResponse(request: Request, feed: { xml: string; updated: Date | string }): Response {
  const updated = new Date(feed.updated);
  const lastModified = new Date(Math.floor(updated.getTime() / 1000) * 1000);
  const headers = new Headers({
    "Content-Type": "application/atom+xml; charset=utf-8",
    "Cache-Control": request.headers.get("cookie") ? "private, max-age=300" : "public, max-age=300",
    Vary: "Accept-Language, Cookie",
    "Last-Modified": lastModified.toUTCString(),
    "X-Content-Type-Options": "nosniff",
  });
  const since = request.headers.get("if-modified-since");
  if (since && !Number.isNaN(Date.parse(since)) && lastModified.getTime() <= Date.parse(since)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(feed.xml, { headers });
}
