import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { formToObject } from "../../shared/schemas/parse";
import { ComposerBody, ComposerButtons, Preview } from "../components/composer";
import { Field, FormMessage } from "../components/form";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  const postId = Number(params.postId);
  if (!Number.isInteger(postId) || postId <= 0) throw new Response("Not Found", { status: 404 });
  const { forum, topics } = context.services;
  const { thread, post } = await runLoader(request, () => forum.getEditablePost(context.ctx, { postId }));
  const tags = post.position === 1 ? await topics.listTags(context.ctx, { spaceId: thread.spaceId }) : [];
  return json({ thread, post: { id: post.id, position: post.position }, source: post.source, tags });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.thread.title ?? ""} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form, ["tags"]);
  const postId = Number(params.postId);
  const { forum } = context.services;
  return runAction(context, async () => {
    if (form.get("intent") === "preview") {
      return json({ ok: true as const, preview: forum.previewMarkdown(String(input.body ?? "")), values: input });
    }
    await forum.editPost(context.ctx, { ...input, postId });
    if (form.get("threadId")) await forum.editThread(context.ctx, { threadId: form.get("threadId"), title: input.title, tags: input.tags });
    return redirect(`/p/${postId}`);
  });
}

export default function EditPost() {
  const { thread, post, source, tags } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result);
  const values = (done ? done.values : null) as Record<string, unknown> | null;
  const isOpening = post.position === 1;
  const currentTags = new Set(thread.tags.map((tag) => tag.slug));
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to={`/t/${thread.id}`}>{thread.title}</Link>
      </nav>
      <h1>{t("forum.edit_post_title")}</h1>
      <p className="hint">{t("forum.edit_keeps_history")}</p>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" ref={formRef} className="stack" noValidate>
        {isOpening ? (
          <>
            <input type="hidden" name="threadId" value={thread.id} />
            <Field name="title" label={t("forum.title_label")} defaultValue={(values?.title as string) ?? thread.title} maxLength={200} required error={failure?.fieldErrors.title} />
          </>
        ) : null}
        <ComposerBody draftKey={null} defaultValue={(values?.body as string) ?? source} error={failure?.fieldErrors.body} label={t("forum.body_label")} formRef={formRef} />
        {isOpening ? (
          <fieldset className="field">
            <legend>{t("forum.tags")}</legend>
            <div className="tag-picker">
              {tags.map((tag) => (
                <label key={tag.slug} className="checkbox">
                  <input type="checkbox" name="tags" value={tag.slug} defaultChecked={currentTags.has(tag.slug)} />
                  {tag.name}
                </label>
              ))}
            </div>
            {failure?.fieldErrors.tags ? <p className="field-error">{failure.fieldErrors.tags}</p> : null}
          </fieldset>
        ) : null}
        <ComposerButtons submitLabel={t("forum.save_changes")} canSaveDraft={false} />
      </Form>
      <Preview html={done ? done.preview : null} />
    </section>
  );
}
