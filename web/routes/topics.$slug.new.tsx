import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { NewThreadForm } from "../components/new-thread-form";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = requireSignedIn(context, request);
  const { topics, forum } = context.services;
  const topic = await runLoader(request, () => topics.getTopic(context.ctx, params.slug ?? ""));
  const [tags, draft] = await Promise.all([topics.listTags(context.ctx), forum.getDraft(context.ctx, `thread:topic:${topic.id}`)]);
  return json({
    title: translatorFor(context)("forum.new_thread_title"),
    topic,
    tags,
    draft,
    defaultLanguage: account.locale,
    canPost: context.ctx.guardian.canPost(),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · ${data?.topic.name} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form, ["tags"]);
  const intent = form.get("intent");
  const { forum, topics } = context.services;
  const topic = await runLoader(request, () => topics.getTopic(context.ctx, params.slug ?? ""));
  return runAction(context, async () => {
    if (intent === "preview") {
      return json({ ok: true as const, preview: forum.previewMarkdown(String(input.body ?? "")), values: input, saved: false });
    }
    if (intent === "save-draft") {
      await forum.saveDraft(context.ctx, { ...input, key: `thread:topic:${topic.id}` });
      return json({ ok: true as const, preview: null, values: input, saved: true });
    }
    const { threadId } = await forum.createThread(context.ctx, { ...input, topicId: topic.id });
    return redirect(`/t/${threadId}`);
  });
}

export default function NewThread() {
  const { topic, tags, draft, defaultLanguage, canPost } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/topics">{t("nav.topics")}</Link> › <Link to={`/topics/${topic.slug}`}>{topic.name}</Link>
      </nav>
      <h1>{t("forum.new_thread_title")}</h1>
      <NewThreadForm
        tags={tags}
        draft={draft}
        draftKey={`thread:topic:${topic.id}`}
        defaultLanguage={defaultLanguage}
        canPost={canPost}
        failure={isFailure(result) ? result : undefined}
        done={succeeded(result) as { preview: string | null; values: Record<string, unknown>; saved: boolean } | undefined}
      />
    </section>
  );
}
