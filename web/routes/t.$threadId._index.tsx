import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";
import { formToObject } from "../../shared/schemas/parse";
import { ComposerBody, ComposerButtons, Preview } from "../components/composer";
import { RelativeTime, TagList, ThreadAuthors } from "../components/forum";
import { FollowControl } from "../components/follow-control";
import { FormMessage } from "../components/form";
import { NewRepliesNotice, TypingIndicator } from "../components/live-updates";
import { Post } from "../components/post";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useLocale, useT } from "../lib/i18n";
import { runAction, runLoader } from "../lib/http.server";
import { useThreadLive, type ThreadPageShape } from "../lib/realtime";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const threadId = Number(params.threadId);
  if (!Number.isInteger(threadId) || threadId <= 0) throw new Response("Not Found", { status: 404 });
  const { forum } = context.services;
  const page = await runLoader(request, () => forum.getThreadPage(context.ctx, { threadId, after: url.searchParams.get("after") ?? undefined }));
  const draft = page.can.reply ? await forum.getDraft(context.ctx, `reply:${threadId}`) : null;
  const moveTargets = page.viewer.canModerate ? await context.services.moderation.listMoveTargets(context.ctx, { threadId }) : [];
  const moveGroups = page.viewer.canModerate ? await context.services.moderation.listMoveGroupTargets(context.ctx, { threadId }) : [];
  return json({ page, draft, moveTargets, moveGroups, follow: page.viewer.follow, signedIn: context.state.account !== null });
}

// Moderators' actions: intent -> service. Each asks the guardian, writes its audit entry and emails the author.
const moderationIntents = {
  "mod-hide": "hidePost",
  "mod-unhide": "unhidePost",
  "mod-delete": "deletePost",
  "mod-restore": "restorePost",
  "mod-lock": "lockThread",
  "mod-unlock": "unlockThread",
  "mod-pin": "pinThread",
  "mod-unpin": "unpinThread",
  "mod-close": "closeThread",
  "mod-reopen": "reopenThread",
  "mod-move": "moveThread",
} as const;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.page.thread.title} · ${data.page.thread.topic.name} · Enlace` },
        { name: "description", content: data.page.thread.title },
      ]
    : [];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  // The move form names its destination as "topic:ID" or "group:ID".
  const target = typeof input.target === "string" ? input.target.match(/^(topic|group):(\d+)$/) : null;
  if (target) input[target[1] === "group" ? "groupId" : "topicId"] = target[2];
  delete input.target;
  const threadId = Number(params.threadId);
  const { forum, moderation } = context.services;
  return runAction(context, async () => {
    const intent = String(form.get("intent") ?? "");
    if (Object.hasOwn(moderationIntents, intent)) {
      const service = moderationIntents[intent as keyof typeof moderationIntents];
      // Post actions name their post; thread actions act on this page's thread.
      await moderation[service](context.ctx, "postId" in input ? input : { ...input, threadId });
      return json({ ok: true as const, preview: null, body: "", moderated: true });
    }
    switch (intent) {
      case "submit": {
        const { postId } = await forum.createReply(context.ctx, { ...input, threadId });
        const place = await forum.locatePost(context.ctx, { postId });
        return redirect(`/t/${threadId}${place.after > 1 ? `?after=${place.after}` : ""}#p-${postId}`);
      }
      case "preview":
        return json({ ok: true as const, preview: forum.previewMarkdown(String(input.body ?? "")), body: String(input.body ?? "") });
      case "save-draft":
        await forum.saveDraft(context.ctx, { ...input, key: `reply:${threadId}` });
        return json({ ok: true as const, preview: null, body: String(input.body ?? ""), saved: true });
      case "vote":
      case "unvote":
        await forum.setHelpful(context.ctx, { postId: input.postId, helpful: form.get("intent") === "vote" });
        break;
      case "solve":
        await forum.markSolution(context.ctx, input);
        break;
      case "unsolve":
        await forum.unmarkSolution(context.ctx, { threadId });
        break;
      case "delete": {
        const { threadDeleted } = await forum.deletePost(context.ctx, input);
        if (threadDeleted) return redirect("/topics");
        break;
      }
      case "read":
        await forum.markRead(context.ctx, { threadId, position: input.position });
        return json({ ok: true as const, preview: null, body: "" });
      case "follow":
        await context.services.notifications.setFollowLevel(context.ctx, { target: "thread", targetId: threadId, level: input.level });
        return json({ ok: true as const, preview: null, body: "", followed: true });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
    return json({ ok: true as const, preview: null, body: "" });
  });
}

export default function ThreadPage() {
  const { page, draft, moveTargets, moveGroups, follow, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const formRef = useRef<HTMLFormElement>(null);
  const readFetcher = useFetcher();
  const { thread } = page;
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result);
  const isQuestion = thread.kind === "question";

  // With JavaScript, reaching a page records how far the member has read (a POST, never a GET side effect).
  const furthest = Math.max(
    page.opening?.position ?? 0,
    ...page.posts.flatMap((post) => [post.position, ...(post.children ?? []).map((child) => child.position)]),
  );
  useEffect(() => {
    if (!signedIn || furthest <= 0) return;
    readFetcher.submit({ intent: "read", position: String(furthest) }, { method: "post" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signedIn, thread.id, furthest]);

  // Live: a change that lands on this page loads it again in place; one that lands elsewhere is counted.
  const shape = useMemo<ThreadPageShape>(() => {
    const shown = new Set<number>();
    const parents = new Map<number, number>(); // post on this page -> its top-level post
    const full = new Set<number>(); // top-level posts whose nested replies are not all shown
    for (const post of [page.opening, page.solution].filter((post) => post !== null)) shown.add(post.id);
    for (const root of page.posts) {
      shown.add(root.id);
      parents.set(root.id, root.id);
      if ((root.moreChildren ?? 0) > 0 || (root.children?.length ?? 0) >= 10) full.add(root.id);
      for (const child of root.children ?? []) {
        shown.add(child.id);
        parents.set(child.id, root.id);
      }
    }
    return {
      shows: (postId) => shown.has(postId),
      wouldShow: (post) => {
        if (shown.has(post.postId)) return true;
        // A top-level reply comes last: it shows on the last page.
        if (post.depth === 0) return page.nextAfter === null;
        const root = post.parentId === null ? undefined : parents.get(post.parentId);
        return root !== undefined && !full.has(root);
      },
    };
  }, [page]);
  const live = useThreadLive({
    threadId: thread.id,
    lastPosition: thread.lastPosition,
    pageKey: `${thread.id}:${page.previousAfter ?? "first"}`,
    shape,
  });

  const common = { threadId: thread.id, language: thread.language, canMarkSolution: page.can.markSolution, isQuestion };
  return (
    <div className="thread-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/topics">{t("nav.topics")}</Link> › <Link to={`/topics/${thread.topic.slug}`}>{thread.topic.name}</Link>
      </nav>
      <header className="thread-header">
        <p className="thread-meta-top">
          <span className={`kind kind-${thread.kind}`}>{t(`forum.kind_${thread.kind}`)}</span>
          {thread.solvedAt ? <span className="badge badge-solved">{t("forum.solved")}</span> : null}
          {thread.pinned ? <span className="badge badge-pinned">{t("moderation.pinned")}</span> : null}
          {thread.closed ? <span className="badge badge-closed">{t("moderation.closed")}</span> : null}
          {thread.locked ? <span className="badge">{t("forum.locked")}</span> : null}
          {thread.deleted ? <span className="badge badge-warning">{t("forum.thread_deleted")}</span> : null}
        </p>
        <h1 lang={thread.language}>{thread.title}</h1>
        <p className="thread-meta">
          <ThreadAuthors author={thread.author} coAuthor={thread.coAuthor} /> · <RelativeTime iso={thread.createdAt} /> ·{" "}
          {t("forum.replies_count", { count: thread.replyCount })}
          {page.can.editThread ? (
            <>
              {" · "}
              <Link to={`/p/${page.opening?.id ?? ""}/edit`}>{t("forum.edit_thread")}</Link>
            </>
          ) : null}
        </p>
        <TagList tags={thread.tags} />
        <FollowControl target="thread" targetId={thread.id} state={follow} saved={Boolean(done && "followed" in done && done.followed)} />
      </header>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {done && "moderated" in done && done.moderated ? <FormMessage kind="success">{t("moderation.action_done")}</FormMessage> : null}
      {thread.closed ? <FormMessage kind="info">{t("moderation.closed_notice")}</FormMessage> : null}
      {thread.locked && !thread.closed ? <FormMessage kind="info">{t("moderation.locked_notice")}</FormMessage> : null}

      {page.viewer.canModerate ? (
        <section className="moderation-panel" aria-labelledby="moderate-thread-title">
          <details>
            <summary id="moderate-thread-title">{t("moderation.moderate_thread")}</summary>
            <Form method="post" className="stack">
              <div className="field">
                <label htmlFor="thread-mod-reason">{t("moderation.reason_label")}</label>
                <input id="thread-mod-reason" name="reason" maxLength={500} aria-describedby="thread-mod-reason-hint" />
                <p className="hint" id="thread-mod-reason-hint">
                  {t("moderation.reason_hint")}
                </p>
              </div>
              <div className="actions">
                <button type="submit" name="intent" value={thread.locked ? "mod-unlock" : "mod-lock"} className="button button-small button-secondary">
                  {thread.locked ? t("moderation.unlock") : t("moderation.lock")}
                </button>
                <button type="submit" name="intent" value={thread.pinned ? "mod-unpin" : "mod-pin"} className="button button-small button-secondary">
                  {thread.pinned ? t("moderation.unpin") : t("moderation.pin")}
                </button>
                <button type="submit" name="intent" value={thread.closed ? "mod-reopen" : "mod-close"} className="button button-small button-secondary">
                  {thread.closed ? t("moderation.reopen") : t("moderation.close")}
                </button>
              </div>
              {moveTargets.length ? (
                <div className="inline-form">
                  <label htmlFor="thread-move-topic">{t("moderation.move_to")}</label>
                  <select id="thread-move-topic" name="target" defaultValue={`topic:${moveTargets[0].id}`}>
                    <optgroup label={t("nav.topics")}>
                      {moveTargets.map((topic) => (
                        <option key={topic.id} value={`topic:${topic.id}`} lang={locale}>
                          {topic.name}
                        </option>
                      ))}
                    </optgroup>
                    {moveGroups.length ? (
                      <optgroup label={t("group.title")}>
                        {moveGroups.map((group) => (
                          <option key={group.id} value={`group:${group.id}`} lang={locale}>
                            {group.name}
                          </option>
                        ))}
                      </optgroup>
                    ) : null}
                  </select>
                  <button type="submit" name="intent" value="mod-move" className="button button-small button-secondary">
                    {t("moderation.move")}
                  </button>
                </div>
              ) : (
                <p className="hint">{t("moderation.no_move_targets")}</p>
              )}
            </Form>
          </details>
        </section>
      ) : null}

      {page.opening ? <Post post={page.opening} {...common} /> : null}

      {page.solution ? (
        <section className="solution-box" aria-labelledby="solution-title">
          <h2 id="solution-title">{t("forum.solution_title")}</h2>
          <Post post={page.solution} {...common} />
          <p>
            <Link to={`/p/${page.solution.id}`}>{t("forum.solution_in_context")}</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="replies-title" className="replies">
        <h2 id="replies-title">{t("forum.replies_count", { count: thread.replyCount })}</h2>
        {page.previousAfter !== null ? (
          <p className="pager">
            <Link to={page.previousAfter > 1 ? `?after=${page.previousAfter}` : "?after=1"} rel="prev">
              {t("forum.earlier_replies")}
            </Link>
          </p>
        ) : null}
        <ol className="post-list">
          {page.posts.map((post) => (
            <li key={post.id}>
              <Post post={post} {...common} isFirstUnread={post.id === page.firstUnreadPostId} />
              {post.children && post.children.length > 0 ? (
                <ol className="post-children">
                  {post.children.map((child) => (
                    <li key={child.id}>
                      <Post post={child} {...common} isFirstUnread={child.id === page.firstUnreadPostId} />
                    </li>
                  ))}
                  {post.moreChildren ? (
                    <li className="muted">{t("forum.more_nested", { count: post.moreChildren })}</li>
                  ) : null}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
        {signedIn ? (
          <>
            <NewRepliesNotice count={live.newReplies} newestPostId={live.newestPostId} live={live.subscribed} />
            <TypingIndicator names={live.typingNames} />
          </>
        ) : null}
        {page.nextAfter !== null ? (
          <p className="pager">
            <Link to={`?after=${page.nextAfter}`} rel="next" className="button button-secondary">
              {t("forum.later_replies")}
            </Link>
          </p>
        ) : null}
      </section>

      {page.can.reply ? (
        <section aria-labelledby="reply-title" className="reply-box">
          <h2 id="reply-title">{t("forum.your_reply")}</h2>
          {draft && !result ? <FormMessage kind="info">{t("forum.draft_restored")}</FormMessage> : null}
          {done && "saved" in done && done.saved ? <FormMessage kind="success">{t("forum.draft_saved")}</FormMessage> : null}
          <Form method="post" ref={formRef} className="stack" noValidate>
            <ComposerBody
              draftKey={`reply:${thread.id}`}
              defaultValue={done?.body ? done.body : draft?.body ?? ""}
              error={failure?.fieldErrors.body}
              label={t("forum.reply_label")}
              formRef={formRef}
              onTyping={live.sendTyping}
            />
            <ComposerButtons submitLabel={t("forum.post_reply")} canSaveDraft />
          </Form>
          <Preview html={done ? done.preview : null} />
        </section>
      ) : page.viewer.silencedUntil ? (
        <FormMessage kind="info">
          {t("moderation.silenced_notice", {
            date: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(page.viewer.silencedUntil)) + " UTC",
          })}
        </FormMessage>
      ) : signedIn || thread.closed ? null : (
        <p className="reply-box">
          <Link to={`/sign-in?redirectTo=${encodeURIComponent(`/t/${thread.id}`)}`}>{t("forum.sign_in_to_reply")}</Link>
        </p>
      )}
    </div>
  );
}
