import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { json } from "@remix-run/node";
import { useT } from "../lib/i18n";
import { translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

// GET only shows a button: signing out changes data, so it takes a POST.
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.state.account) throw redirect("/");
  return json({ title: translatorFor(context)("nav.sign_out") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ context }: ActionFunctionArgs) {
  await context.services.accounts.signOut(context.ctx);
  return redirect("/sign-in?notice=signed_out", { headers: { "Set-Cookie": context.sessionCookie.clear() } });
}

export default function SignOut() {
  useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="narrow">
      <h1>{t("nav.sign_out")}</h1>
      <p>{t("auth.sign_out_confirm")}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("nav.sign_out")}
        </button>
      </Form>
    </section>
  );
}
