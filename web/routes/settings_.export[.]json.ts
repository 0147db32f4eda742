import type { LoaderFunctionArgs } from "@remix-run/node";
import { runLoader } from "../lib/http.server";

// Reading one's own data changes nothing, so a GET download is right here.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const data = await runLoader(request, () => context.services.accounts.exportMyData(context.ctx));
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="enlace-my-data.json"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
