import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { EventForm, eventInputFromForm, formValues, withSubmittedValues, type EventFormValues } from "../components/event-form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";
import eventStyles from "../styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

// Organisers only: site staff in any topic, a group's owner and moderators in their group. Anyone else finds nothing here.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = requireSignedIn(context, request);
  const { events, accounts } = context.services;
  const places = await events.places(context.ctx);
  if (places.topics.length + places.groups.length === 0) throw new Response("Not Found", { status: 404 });
  const me = await runLoader(request, () => accounts.getMyAccount(context.ctx));
  const preselect = new URL(request.url).searchParams.get("where") ?? "";
  return json({
    title: translatorFor(context)("event.new_title"),
    places,
    zoneChosen: Boolean(me.timeZone),
    defaults: {
      where: preselect || (places.topics[0] ? `topic:${places.topics[0].id}` : `group:${places.groups[0]!.id}`),
      kind: "webinar",
      title: "",
      description: "",
      languages: [account.locale],
      startsAt: "",
      endsAt: "",
      timeZone: me.timeZone ?? "America/Bogota",
      onlineUrl: "",
      place: "",
      capacity: "",
      speakers: "",
    } satisfies EventFormValues,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Enlace"} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const input = formToObject(await request.formData(), ["languages"]);
  const outcome = await runAction(context, async () => {
    const { id } = await context.services.events.create(context.ctx, eventInputFromForm(input));
    return redirect(`/events/${id}`);
  });
  return withSubmittedValues(outcome, input);
}

export default function NewEventPage() {
  const { places, zoneChosen, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const values = formValues(defaults, result);
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/events">{t("event.title")}</Link>
      </nav>
      <h1>{t("event.new_title")}</h1>
      <EventForm values={values} places={places} zoneChosen={zoneChosen} submitLabel={t("event.create")} failure={failure} key={failure ? "failed" : "new"} />
    </section>
  );
}
