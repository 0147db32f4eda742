import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { NewThreadForm } from "../components/new-thread-form";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader } from "../lib/http.server";

// In a working group the thread lives in the group; to an expert group it is a question in the topic,
// addressed to the group, which then sees it in its queue.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = requireSignedIn(context, request);
  const { groups, topics, forum } = context.services;
  const group = await runLoader(request, () => groups.getGroup(context.ctx, params.slug ?? ""));
  if (!group.can.post) throw new Response("Not Found", { status: 404 });
  const [tags, draft] = await Promise.all([topics.listTags(context.ctx, { spaceId: group.spaceId }), forum.getDraft(context.ctx, `thread:group:${group.id}`)]);
  return json({ group, tags, draft, defaultLanguage: account.locale, canPost: context.ctx.guardian.canPost() });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} · Enlace` : "Enlace" }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form, ["tags"]);
  const { forum, groups } = context.services;
  const group = await runLoader(request, () => groups.getGroup(context.ctx, params.slug ?? ""));
  const key = `thread:group:${group.id}`;
  return runAction(context, async () => {
    if (form.get("intent") === "preview") {
      return json({ ok: true as const, preview: forum.previewMarkdown(String(input.body ?? "")), values: input, saved: false });
    }
    if (form.get("intent") === "save-draft") {
      await forum.saveDraft(context.ctx, { ...input, key });
      return json({ ok: true as const, preview: null, values: input, saved: true });
    }
    const place =
      group.kind === "expert_group" ? { topicId: group.topicId, addressedGroupId: group.id, kind: "question" } : { groupId: group.id };
    const { threadId } = await forum.createThread(context.ctx, { ...input, ...place });
    await forum.deleteDraft(context.ctx, key);
    return redirect(`/t/${threadId}`);
  });
}

export default function NewGroupThread() {
  const { group, tags, draft, defaultLanguage, canPost } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/groups">{t("group.title")}</Link> › <Link to={`/g/${group.slug}`}>{group.name}</Link>
      </nav>
      <h1>{group.kind === "expert_group" ? t("group.ask_group_title", { name: group.name }) : t("forum.new_thread_title")}</h1>
      <NewThreadForm
        tags={tags}
        draft={draft}
        draftKey={`thread:group:${group.id}`}
        defaultLanguage={defaultLanguage}
        canPost={canPost}
        questionOnly={group.kind === "expert_group"}
        failure={isFailure(result) ? result : undefined}
        done={succeeded(result) as { preview: string | null; values: Record<string, unknown>; saved: boolean } | undefined}
      />
    </section>
  );
}
