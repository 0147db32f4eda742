import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { RelativeTime } from "../components/forum";
import { countryFilterOptions, FilterSelect, slugOptions } from "../components/filter-select";
import { FormMessage } from "../components/form";
import { OfficialLine, PairCard } from "../components/pairs";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useLocale, useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { pairs, topics } = context.services;
  const filters = { country: url.searchParams.get("country") ?? undefined, topic: url.searchParams.get("topic") ?? undefined, cursor: url.searchParams.get("cursor") ?? undefined };
  const [directory, facets, topicList, mine, requests] = await Promise.all([
    runLoader(request, () => pairs.directory(context.ctx, filters)),
    pairs.directoryFacets(context.ctx),
    topics.listTopics(context.ctx),
    pairs.mine(context.ctx),
    pairs.myRequests(context.ctx),
  ]);
  const role = context.state.account?.communityRole;
  return json({
    title: translatorFor(context)("pair.title"),
    directory,
    countries: facets.countries,
    topics: topicList.map((topic) => ({ slug: topic.slug, name: topic.name })),
    mine,
    requests,
    signedIn: context.state.account !== null,
    isOfficial: role === "national_official" || role === "local_official",
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const form = await request.formData();
  const input = formToObject(form);
  const { pairs } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "accept": {
        const { pairId } = await pairs.respondToRequest(context.ctx, input, true);
        return redirect(`/pairs/${pairId}`);
      }
      case "decline":
        await pairs.respondToRequest(context.ctx, input, false);
        return json({ ok: true as const, done: "declined" as const });
      case "cancel":
        await pairs.cancelRequest(context.ctx, input);
        return json({ ok: true as const, done: "cancelled" as const });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  });
}

export default function Pairs() {
  const { directory, countries, topics, mine, requests, signedIn, isOfficial } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const failure = isFailure(result) ? result : undefined;
  const done = result && !failure && "done" in result ? result.done : null;
  const active = mine.filter((pair) => !pair.endedAt);
  const ended = mine.filter((pair) => pair.endedAt);
  const next = new URLSearchParams(params);
  if (directory.nextCursor) next.set("cursor", directory.nextCursor);
  return (
    <section className="stack-large">
      <header>
        <h1>{t("pair.title")}</h1>
        <p className="lead">{t("pair.lead")}</p>
        {isOfficial ? (
          <p>
            <Link to="/pairs/find" className="button">
              {t("pair.find_partner")}
            </Link>
          </p>
        ) : signedIn ? (
          <p className="hint">{t("pair.only_officials_hint")}</p>
        ) : (
          <p>
            <Link to="/sign-in?redirectTo=%2Fpairs%2Ffind">{t("pair.sign_in_to_pair")}</Link>
          </p>
        )}
        {params.get("sent") ? <FormMessage kind="success">{t("pair.request_sent")}</FormMessage> : null}
        {done === "declined" ? <FormMessage kind="success">{t("pair.request_declined_done")}</FormMessage> : null}
        {done === "cancelled" ? <FormMessage kind="success">{t("pair.request_cancelled_done")}</FormMessage> : null}
        {params.get("ended") ? <FormMessage kind="success">{t("pair.ended_done")}</FormMessage> : null}
        {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      </header>

      {requests.incoming.length ? (
        <section className="card-plain stack" aria-labelledby="incoming-title" id="requests">
          <h2 id="incoming-title">{t("pair.incoming_title")}</h2>
          <ul className="member-list">
            {requests.incoming.map((request) => (
              <li key={request.id}>
                <OfficialLine official={request.from} />
                {request.topic ? <p className="hint">{t("pair.request_topic", { topic: request.topic.name })}</p> : null}
                {request.message ? <blockquote className="flag-excerpt">{request.message}</blockquote> : null}
                <p className="muted">
                  <RelativeTime iso={request.createdAt} />
                </p>
                <Form method="post" className="actions">
                  <input type="hidden" name="requestId" value={request.id} />
                  <button type="submit" name="intent" value="accept" className="button button-small">
                    {t("pair.accept")}
                  </button>
                  <button type="submit" name="intent" value="decline" className="button button-small button-secondary">
                    {t("pair.decline")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {requests.outgoing.length ? (
        <section className="card-plain stack" aria-labelledby="outgoing-title">
          <h2 id="outgoing-title">{t("pair.outgoing_title")}</h2>
          <ul className="member-list">
            {requests.outgoing.map((request) => (
              <li key={request.id}>
                <OfficialLine official={request.to} />
                <p className="muted">
                  {t("pair.waiting_since")} <RelativeTime iso={request.createdAt} />
                </p>
                <Form method="post">
                  <input type="hidden" name="requestId" value={request.id} />
                  <button type="submit" name="intent" value="cancel" className="button button-small button-secondary">
                    {t("pair.cancel_request")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {mine.length ? (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">{t("pair.mine_title")}</h2>
          <ul className="card-grid">
            {[...active, ...ended].map((pair) => (
              <PairCard key={pair.id} pair={pair} linkToSpace />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="directory-title">
        <h2 id="directory-title">{t("pair.directory_title")}</h2>
        <p className="hint">{t("pair.directory_lead")}</p>
        <Form method="get" className="filters audit-filters" aria-label={t("pair.filters_label")}>
          <FilterSelect id="pairs-country" name="country" label={t("profile.country")} anyLabel={t("admin.any")} options={countryFilterOptions(countries, locale)} defaultValue={params.get("country") ?? ""} />
          <FilterSelect id="pairs-topic" name="topic" label={t("forum.filter_topic")} anyLabel={t("admin.any")} options={slugOptions(topics)} defaultValue={params.get("topic") ?? ""} />
          <button type="submit" className="button button-small">
            {t("admin.filter_submit")}
          </button>
        </Form>
        {directory.pairs.length === 0 ? <p className="empty">{t("pair.directory_empty")}</p> : null}
        <ul className="card-grid">
          {directory.pairs.map((pair) => (
            <PairCard key={pair.id} pair={pair} linkToSpace={pair.mine} />
          ))}
        </ul>
        {directory.nextCursor ? (
          <p className="pager">
            <Link to={`?${next.toString()}`} rel="next" className="button button-secondary">
              {t("pair.more_pairs")}
            </Link>
          </p>
        ) : null}
      </section>
    </section>
  );
}
