import type { LoaderFunctionArgs } from "@remix-run/node";
import { runLoader } from "../lib/http.server";

// A member's personal calendar feed. Calendar apps send no cookies: the signed token in the address is the key,
// and a token we did not sign is a 404 like any unknown address.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const body = await runLoader(request, () => context.services.events.memberFeed(context.ctx, params.token ?? ""));
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="enlace-my-events.ics"',
      "Cache-Control": "private, max-age=300",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}
