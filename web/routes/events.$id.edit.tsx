import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { EventForm, formValues, withSubmittedValues, type EventFormValues } from "../components/event-form";
import { FormMessage } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";
import eventStyles from "../styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  const event = await runLoader(request, async () => {
    try {
      return await context.services.events.getEditable(context.ctx, params.id);
    } catch (error) {
      // Those who may see the event but not organise it find no edit page.
      if ((error as { code?: string }).code === "FORBIDDEN") throw new Response("Not Found", { status: 404 });
      throw error;
    }
  });
  const { id, cancelled, ...values } = event;
  return json({ title: translatorFor(context)("event.edit_title"), id, cancelled, values: values satisfies EventFormValues });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Enlace"} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const input = formToObject(await request.formData(), ["languages"]);
  const outcome = await runAction(context, async () => {
    await context.services.events.update(context.ctx, { ...input, eventId: params.id });
    return redirect(`/events/${params.id}?saved=1`);
  });
  return withSubmittedValues(outcome, input);
}

export default function EditEventPage() {
  const { id, cancelled, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/events">{t("event.title")}</Link> › <Link to={`/events/${id}`}>{values.title}</Link>
      </nav>
      <h1>{t("event.edit_title")}</h1>
      {cancelled ? <FormMessage kind="info">{t("event.cancelled_notice")}</FormMessage> : null}
      <EventForm values={formValues(values, result)} zoneChosen submitLabel={t("event.save")} failure={failure} key={failure ? "failed" : "edit"} />
    </section>
  );
}
