import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { formToObject } from "../../shared/schemas/parse";
import { ComposerBody, ComposerButtons, Preview } from "../components/composer";
import { Field, FormMessage, SelectField } from "../components/form";
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
  const formRef = useRef<HTMLFormElement>(null);
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result);
  const errors = failure?.fieldErrors ?? {};
  const values = (result && "values" in result ? result.values : null) as Record<string, unknown> | null;
  const value = (name: string, fallback: string) => (values && typeof values[name] === "string" ? (values[name] as string) : fallback);
  const chosenTags = (values?.tags as string[] | undefined) ?? draft?.tags ?? [];
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/topics">{t("nav.topics")}</Link> › <Link to={`/topics/${topic.slug}`}>{topic.name}</Link>
      </nav>
      <h1>{t("forum.new_thread_title")}</h1>
      {!canPost ? <FormMessage kind="info">{t("errors.cannot_post")}</FormMessage> : null}
      {draft && !values ? <FormMessage kind="info">{t("forum.draft_restored")}</FormMessage> : null}
      {done?.saved ? <FormMessage kind="success">{t("forum.draft_saved")}</FormMessage> : null}
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" ref={formRef} className="stack" noValidate>
        <fieldset className="field">
          <legend>{t("forum.kind_label")}</legend>
          {(["question", "discussion"] as const).map((kind) => (
            <label key={kind} className="checkbox">
              <input type="radio" name="kind" value={kind} defaultChecked={value("kind", draft?.kind ?? "question") === kind} />
              {t(`forum.kind_${kind}_long`)}
            </label>
          ))}
          {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
        </fieldset>
        <Field name="title" label={t("forum.title_label")} hint={t("forum.title_hint")} defaultValue={value("title", draft?.title ?? "")} maxLength={200} required error={errors.title} />
        <ComposerBody draftKey={`thread:topic:${topic.id}`} defaultValue={value("body", draft?.body ?? "")} error={errors.body} label={t("forum.body_label")} formRef={formRef} />
        <fieldset className="field">
          <legend>{t("forum.tags")}</legend>
          <p className="hint">{t("forum.tags_hint")}</p>
          <div className="tag-picker">
            {tags.map((tag) => (
              <label key={tag.slug} className="checkbox">
                <input type="checkbox" name="tags" value={tag.slug} defaultChecked={chosenTags.includes(tag.slug)} />
                {tag.name}
              </label>
            ))}
          </div>
          {errors.tags ? <p className="field-error">{errors.tags}</p> : null}
        </fieldset>
        <SelectField name="language" label={t("forum.language_label")} defaultValue={value("language", draft?.language ?? defaultLanguage)} error={errors.language}>
          <option value="es">Español</option>
          <option value="pt">Português</option>
          <option value="en">English</option>
        </SelectField>
        <ComposerButtons submitLabel={t("forum.publish")} canSaveDraft />
      </Form>
      <Preview html={done ? done.preview : null} />
    </section>
  );
}
