import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { formToObject } from "../../shared/schemas/parse";
import { ComposerBody, ComposerButtons, Preview } from "../components/composer";
import { FormMessage } from "../components/form";
import { Post } from "../components/post";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader } from "../lib/http.server";
import { useTypingSignal } from "../lib/realtime";

// Replying to one post (optionally quoting it): the parent is shown above the composer.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  const url = new URL(request.url);
  const threadId = Number(params.threadId);
  const parentId = Number(url.searchParams.get("to"));
  if (!Number.isInteger(threadId) || !Number.isInteger(parentId) || parentId <= 0) throw new Response("Not Found", { status: 404 });
  const { forum } = context.services;
  const place = await runLoader(request, () => forum.locatePost(context.ctx, { postId: parentId }));
  if (place.threadId !== threadId) throw new Response("Not Found", { status: 404 });
  const page = await runLoader(request, () => forum.getThreadPage(context.ctx, { threadId, after: place.after, unread: false }));
  const parent =
    [page.opening, ...page.posts, ...page.posts.flatMap((post) => post.children ?? [])].find((post) => post?.id === parentId) ?? null;
  if (!parent || parent.deleted) throw new Response("Not Found", { status: 404 });
  const history = url.searchParams.get("quote") ? await forum.getPostHistory(context.ctx, { postId: parentId }) : null;
  const quoteSource = history?.revisions[0]?.source ?? "";
  const quote = quoteSource
    ? `> **@${parent.author?.handle ?? ""}:**\n${quoteSource
        .split("\n")
        .map((line) => `> ${line}`)
        .join("\n")}\n\n`
    : "";
  return json({ thread: page.thread, parent, quote });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.thread.title ?? ""} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const threadId = Number(params.threadId);
  const parentId = new URL(request.url).searchParams.get("to");
  const { forum } = context.services;
  return runAction(context, async () => {
    if (form.get("intent") === "preview") {
      return json({ ok: true as const, preview: forum.previewMarkdown(String(input.body ?? "")), body: String(input.body ?? "") });
    }
    const { postId } = await forum.createReply(context.ctx, { ...input, threadId, parentId });
    const place = await forum.locatePost(context.ctx, { postId });
    return redirect(`/t/${threadId}${place.after > 1 ? `?after=${place.after}` : ""}#p-${postId}`);
  });
}

export default function ReplyToPost() {
  const { thread, parent, quote } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result);
  const sendTyping = useTypingSignal(thread.id);
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to={`/t/${thread.id}`}>{thread.title}</Link>
      </nav>
      <h1>{t("forum.reply_to", { name: parent.author?.displayName ?? "" })}</h1>
      <Post post={{ ...parent, can: { edit: false, delete: false, vote: false, reply: false } }} threadId={thread.id} language={thread.language} canMarkSolution={false} isQuestion={false} />
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" ref={formRef} className="stack" noValidate>
        <ComposerBody draftKey={null} defaultValue={done ? done.body : quote} error={failure?.fieldErrors.body} label={t("forum.reply_label")} formRef={formRef} onTyping={sendTyping} />
        <ComposerButtons submitLabel={t("forum.post_reply")} canSaveDraft={false} />
      </Form>
      <Preview html={done ? done.preview : null} />
    </section>
  );
}
