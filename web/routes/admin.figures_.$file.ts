import type { LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "../../shared/errors";
import { runLoader, translatorFor } from "../lib/http.server";

// One figure as a CSV file: /admin/figures/<figure>.csv?from=&to=&by= (staff only; 404 for everyone else).
// Reading changes nothing, so a GET download is right here.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const match = /^([a-z_]{1,40})\.csv$/.exec(params.file ?? "");
  if (!match) throw new Response("Not Found", { status: 404 });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  let csv: { fileName: string; body: string };
  try {
    csv = await runLoader(request, () => context.services.figures.getFigureCsv(context.ctx, match[1], query));
  } catch (error) {
    if (!isAppError(error) || error.code !== "VALIDATION") throw error;
    const t = translatorFor(context);
    const field = Object.values(error.fieldErrors ?? {})[0];
    return new Response(t(field ?? error.messageKey), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(csv.body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
