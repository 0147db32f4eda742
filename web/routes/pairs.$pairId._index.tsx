import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { countryName } from "../../shared/profile";
import { AuthorName, RelativeTime, ThreadList } from "../components/forum";
import { Field, FormMessage } from "../components/form";
import { OfficialLine } from "../components/pairs";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useLocale, useT } from "../lib/i18n";
import { runAction, runLoader } from "../lib/http.server";

function pairIdOf(params: { pairId?: string }): number {
  const id = Number(params.pairId);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not Found", { status: 404 });
  return id;
}

// The pair's private space: only its two officials, the experts they invited (and admins) see it; 404 otherwise.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const pairId = pairIdOf(params);
  const url = new URL(request.url);
  const { pairs, forum } = context.services;
  const pair = await runLoader(request, () => pairs.get(context.ctx, { pairId }));
  const threads = await forum.listThreads(context.ctx, { pair: pairId, cursor: url.searchParams.get("cursor") ?? undefined });
  return json({ pair, threads });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pair.national.displayName} · ${data.pair.local.displayName} · Enlace` : "Enlace" },
  { name: "robots", content: "noindex" },
];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const pairId = pairIdOf(params);
  const form = await request.formData();
  const input = formToObject(form);
  const { pairs } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "invite":
        await pairs.inviteExpert(context.ctx, { ...input, pairId });
        return json({ ok: true as const, done: "invited" as const });
      case "remove":
        await pairs.removeExpert(context.ctx, { ...input, pairId });
        return json({ ok: true as const, done: "removed" as const });
      case "leave":
        await pairs.removeExpert(context.ctx, { pairId, userId: context.state.account?.id });
        return redirect("/pairs");
      case "end":
        await pairs.end(context.ctx, { pairId });
        return redirect("/pairs?ended=1");
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  });
}

export default function PairPage() {
  const { pair, threads } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const failure = isFailure(result) ? result : undefined;
  const done = result && !failure && "done" in result ? result.done : null;
  return (
    <div className="forum-layout">
      <div>
        <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
          <Link to="/pairs">{t("pair.title")}</Link>
        </nav>
        <header className="topic-header">
          <p className="thread-meta-top">
            <span className="badge">{t("pair.private_space")}</span>
            {pair.country ? <span className="badge">{countryName(pair.country, locale)}</span> : null}
            {pair.topic ? (
              <Link to={`/topics/${pair.topic.slug}`} className="tag">
                {pair.topic.name}
              </Link>
            ) : null}
          </p>
          <h1>{t("pair.pair_of", { national: pair.national.displayName, local: pair.local.displayName })}</h1>
          <p className="lead">{t("pair.space_lead")}</p>
          {pair.endedAt ? (
            <FormMessage kind="info">
              {t("pair.ended_notice")} <RelativeTime iso={pair.endedAt} />
            </FormMessage>
          ) : null}
          {done === "invited" ? <FormMessage kind="success">{t("pair.expert_invited")}</FormMessage> : null}
          {done === "removed" ? <FormMessage kind="success">{t("pair.expert_removed")}</FormMessage> : null}
          {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
          {pair.can.post || pair.can.askAsPair ? (
            <div className="actions">
              <Link to={`/pairs/${pair.id}/new`} className="button">
                {t("pair.new_question")}
              </Link>
            </div>
          ) : null}
        </header>
        <section aria-labelledby="pair-threads-title">
          <h2 id="pair-threads-title">{t("pair.threads_title")}</h2>
          <p className="hint">{t("pair.threads_lead")}</p>
          <ThreadList threads={threads.threads} showTopic />
          {threads.nextCursor ? (
            <p className="pager">
              <Link to={`?cursor=${encodeURIComponent(threads.nextCursor)}`} rel="next" className="button button-secondary">
                {t("forum.older_threads")}
              </Link>
            </p>
          ) : null}
        </section>
      </div>
      <aside aria-labelledby="pair-members-title" className="stack">
        <h2 id="pair-members-title">{t("pair.members_title")}</h2>
        <OfficialLine official={pair.national} />
        <OfficialLine official={pair.local} />
        <h3>{t("pair.experts_title")}</h3>
        {pair.experts.length === 0 ? <p className="hint">{t("pair.no_experts")}</p> : null}
        <ul className="member-list">
          {pair.experts.map((expert) => (
            <li key={expert.userId}>
              <AuthorName author={expert} />
              {pair.can.removeExperts ? (
                <Form method="post" className="inline-action">
                  <input type="hidden" name="userId" value={expert.userId} />
                  <button type="submit" name="intent" value="remove" className="link-button">
                    {t("pair.remove_expert", { name: expert.displayName })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {pair.can.inviteExpert ? (
          <Form method="post" className="stack card-plain">
            <Field name="invitee" label={t("pair.invite_expert")} hint={t("pair.invite_expert_hint")} maxLength={31} required error={failure?.fieldErrors.invitee} />
            <p>
              <button type="submit" name="intent" value="invite" className="button button-small">
                {t("pair.invite")}
              </button>
            </p>
          </Form>
        ) : null}
        {pair.can.leave ? (
          <Form method="post">
            <button type="submit" name="intent" value="leave" className="button button-small button-secondary">
              {t("pair.leave_space")}
            </button>
          </Form>
        ) : null}
        {pair.can.end ? (
          <Form
            method="post"
            className="card-plain danger-zone stack"
            onSubmit={(event) => {
              if (!window.confirm(t("pair.end_confirm"))) event.preventDefault();
            }}
          >
            <p className="hint">{t("pair.end_hint")}</p>
            <p>
              <button type="submit" name="intent" value="end" className="button button-small button-danger">
                {t("pair.end")}
              </button>
            </p>
          </Form>
        ) : null}
      </aside>
    </div>
  );
}
