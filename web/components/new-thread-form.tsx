import { Form } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import type { ActionFailure } from "../lib/action-result";
import { useT } from "../lib/i18n";
import { ComposerBody, ComposerButtons, Preview } from "./composer";
import { Field, FormMessage, SelectField } from "./form";

export interface NewThreadFormProps {
  tags: { slug: string; name: string }[];
  draft: { title?: string; body?: string; kind?: string; tags?: string[]; language?: string } | null;
  draftKey: string;
  defaultLanguage: string;
  canPost: boolean;
  /** Questions to an expert group are always questions. */
  questionOnly?: boolean;
  failure?: ActionFailure;
  done?: { preview: string | null; values: Record<string, unknown>; saved: boolean };
  /** Fields a place adds at the top of the form (a pair chooses where to ask). */
  placeFields?: ReactNode;
}

/** The composer for a new question or discussion, in a topic or a group; works without JavaScript. */
export function NewThreadForm({ tags, draft, draftKey, defaultLanguage, canPost, questionOnly, failure, done, placeFields }: NewThreadFormProps) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const errors = failure?.fieldErrors ?? {};
  const values = done?.values ?? null;
  const value = (name: string, fallback: string) => (values && typeof values[name] === "string" ? (values[name] as string) : fallback);
  const chosenTags = (values?.tags as string[] | undefined) ?? draft?.tags ?? [];
  return (
    <>
      {!canPost ? <FormMessage kind="info">{t("errors.cannot_post")}</FormMessage> : null}
      {draft && !values ? <FormMessage kind="info">{t("forum.draft_restored")}</FormMessage> : null}
      {done?.saved ? <FormMessage kind="success">{t("forum.draft_saved")}</FormMessage> : null}
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" ref={formRef} className="stack" noValidate>
        {placeFields}
        {questionOnly ? (
          <input type="hidden" name="kind" value="question" />
        ) : (
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
        )}
        <Field name="title" label={t("forum.title_label")} hint={t("forum.title_hint")} defaultValue={value("title", draft?.title ?? "")} maxLength={200} required error={errors.title} />
        <ComposerBody draftKey={draftKey} defaultValue={value("body", draft?.body ?? "")} error={errors.body} label={t("forum.body_label")} formRef={formRef} />
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
      <Preview html={done?.preview ?? null} />
    </>
  );
}
