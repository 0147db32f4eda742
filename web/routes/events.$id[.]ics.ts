import type { LoaderFunctionArgs } from "@remix-run/node";
import { runLoader } from "../lib/http.server";

// One event as an .ics file. The guardian decides as for the page: a private group's event is a 404 to others.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { filename, body } = await runLoader(request, () => context.services.events.eventIcs(context.ctx, params.id));
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
