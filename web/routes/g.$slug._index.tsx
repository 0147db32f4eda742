import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { DocumentList } from "../components/document-list";
import { EventList } from "../components/events";
import { FollowControl } from "../components/follow-control";
import { FormMessage, TextAreaField } from "../components/form";
import { ThreadList } from "../components/forum";
import { ListActivityNotice } from "../components/live-updates";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, runLoader } from "../lib/http.server";
import { useListLive } from "../lib/realtime";
import eventStyles from "../styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { groups, forum, notifications, events, documents } = context.services;
  const group = await runLoader(request, () => groups.getGroup(context.ctx, params.slug ?? ""));
  const [threads, queue, follow, upcomingEvents, latestDocuments] = await Promise.all([
    forum.listThreads(context.ctx, { group: group.slug, cursor: url.searchParams.get("cursor") ?? undefined }),
    group.kind === "expert_group" ? forum.listThreads(context.ctx, { group: group.slug, awaitingExpert: true, limit: 10 }) : Promise.resolve(null),
    notifications.getFollowState(context.ctx, "group", group.id),
    // The group's services beside its threads: its next events and latest documents the reader may see.
    events.upcomingInGroup(context.ctx, group.slug, 3),
    documents.list(context.ctx, { group: group.slug, limit: 3 }).then((page) => page.documents),
  ]);
  return json({ group, threads, queue, follow, upcomingEvents, latestDocuments, signedIn: context.state.account !== null });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.group.name} · Enlace` }, { name: "description", content: data.group.description }] : [];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { groups, notifications } = context.services;
  const group = await runLoader(request, () => groups.getGroup(context.ctx, params.slug ?? ""));
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "join":
        await groups.joinGroup(context.ctx, { groupId: group.id });
        break;
      case "request":
        await groups.requestToJoin(context.ctx, { ...input, groupId: group.id });
        break;
      case "leave":
        await groups.leaveGroup(context.ctx, { groupId: group.id });
        return redirect(group.kind === "working_group" ? "/groups" : `/g/${group.slug}`);
      case "accept":
      case "decline":
        await groups.respondToInvitation(context.ctx, input, form.get("intent") === "accept");
        break;
      case "follow":
        await notifications.setFollowLevel(context.ctx, { target: "group", targetId: group.id, level: input.level });
        return json({ ok: true as const, followed: true });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
    return json({ ok: true as const });
  });
}

export default function GroupPage() {
  const { group, threads, queue, follow, upcomingEvents, latestDocuments, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const live = useListLive({ groupId: group.id });
  return (
    <div className="forum-layout">
      <div>
        <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
          <Link to="/groups">{t("group.title")}</Link> › <Link to={`/topics/${group.topic.slug}`}>{group.topic.name}</Link>
        </nav>
        <header className="topic-header">
          <p className="thread-meta-top">
            <span className="kind kind-question">{t(`group.kind_${group.kind}`)}</span>
            {group.kind === "working_group" ? <span className="badge">{t("group.private")}</span> : null}
          </p>
          <h1>{group.name}</h1>
          <p className="lead">{group.description}</p>
          {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
          <div className="actions">
            {group.can.post ? (
              <Link to={`/g/${group.slug}/new`} className="button">
                {group.kind === "expert_group" ? t("group.ask_group") : t("forum.new_question")}
              </Link>
            ) : null}
            {group.can.join ? (
              <Form method="post">
                <button type="submit" name="intent" value="join" className="button button-secondary">
                  {t("group.join")}
                </button>
              </Form>
            ) : null}
            {group.can.leave ? (
              <Form method="post">
                <button type="submit" name="intent" value="leave" className="button button-secondary">
                  {t("group.leave")}
                </button>
              </Form>
            ) : null}
            <Link to={`/g/${group.slug}/members`} className="button button-secondary">
              {t("group.members_link", { count: group.memberCount })}
            </Link>
            <Link to={`/search?group=${group.slug}`} className="button button-secondary">
              {t("group.search_in_group")}
            </Link>
          </div>
          {group.pendingInvitationId ? (
            <Form method="post" className="card-plain stack">
              <p>{t("group.you_are_invited")}</p>
              <input type="hidden" name="invitationId" value={group.pendingInvitationId} />
              <div className="actions">
                <button type="submit" name="intent" value="accept" className="button button-small">
                  {t("group.accept")}
                </button>
                <button type="submit" name="intent" value="decline" className="button button-small button-secondary">
                  {t("group.decline")}
                </button>
              </div>
            </Form>
          ) : null}
          {group.pendingRequest ? <FormMessage kind="info">{t("group.request_pending")}</FormMessage> : null}
          <FollowControl target="group" targetId={group.id} state={follow} saved={Boolean(result && !isFailure(result) && "followed" in result && result.followed)} />
          {group.can.requestToJoin ? (
            <Form method="post" className="card-plain stack">
              <TextAreaField name="message" label={t("group.request_message")} rows={3} maxLength={1000} />
              <button type="submit" name="intent" value="request" className="button button-small">
                {t("group.request_to_join")}
              </button>
            </Form>
          ) : null}
        </header>
        {queue ? (
          <section aria-labelledby="queue-title">
            <h2 id="queue-title">{t("group.queue_title")}</h2>
            <p className="hint">{t("group.queue_lead")}</p>
            <ThreadList threads={queue.threads} showTopic={false} />
          </section>
        ) : null}
        <section aria-labelledby="threads-title">
          <h2 id="threads-title">{t("group.threads_title")}</h2>
          {signedIn ? <ListActivityNotice newThreads={live.newThreads} newReplies={live.newReplies} onShow={live.show} live={live.subscribed} /> : null}
          <ThreadList threads={threads.threads} showTopic={false} />
          {threads.nextCursor ? (
            <p className="pager">
              <Link to={`?cursor=${encodeURIComponent(threads.nextCursor)}`} rel="next" className="button button-secondary">
                {t("forum.older_threads")}
              </Link>
            </p>
          ) : null}
        </section>
        {upcomingEvents.length > 0 ? (
          <section aria-labelledby="group-events-title">
            <h2 id="group-events-title">{t("group.events_title")}</h2>
            <EventList events={upcomingEvents} empty="" headingLevel={3} />
            <p>
              <Link to="/events">{t("group.events_all")}</Link>
            </p>
          </section>
        ) : null}
        {latestDocuments.length > 0 ? (
          <section aria-labelledby="group-documents-title">
            <h2 id="group-documents-title">{t("group.documents_title")}</h2>
            <DocumentList documents={latestDocuments} />
            <p>
              <Link to={`/documents?group=${encodeURIComponent(group.slug)}`}>{t("group.documents_all")}</Link>
            </p>
          </section>
        ) : null}
      </div>
      <aside aria-label={t("group.about")}>
        <h2>{t("group.about")}</h2>
        <p>{t(`group.policy_${group.joinPolicy}`)}</p>
        {group.can.manage ? (
          <ul className="topic-nav">
            <li>
              <Link to={`/g/${group.slug}/members`}>{t("group.manage")}</Link>
            </li>
            <li>
              <Link to={`/g/${group.slug}/settings`}>{t("group.settings_title")}</Link>
            </li>
          </ul>
        ) : null}
      </aside>
    </div>
  );
}
