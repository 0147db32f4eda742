import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { FormMessage, TextAreaField } from "../components/form";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";

const reasons = ["spam", "off_topic", "inappropriate", "other"] as const;

// Flagging a post for the moderators of its place. Whoever may not flag it (its author, or someone who
// cannot see it) gets the 404 page.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  const postId = Number(params.postId);
  if (!Number.isInteger(postId) || postId <= 0) throw new Response("Not Found", { status: 404 });
  const target = await runLoader(request, () => context.services.moderation.getFlagForm(context.ctx, { postId }));
  return json({ title: translatorFor(context)("moderation.flag_title"), target });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const form = await request.formData();
  const postId = Number(params.postId);
  return runAction(context, async () => {
    await context.services.moderation.flagPost(context.ctx, { ...formToObject(form), postId });
    return json({ ok: true as const });
  });
}

export default function FlagPost() {
  const { target } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result) !== undefined;
  const backLink = (
    <p>
      <Link to={`/p/${target.postId}`}>{t("moderation.back_to_post")}</Link>
    </p>
  );
  return (
    <section className="narrow stack">
      <h1>{t("moderation.flag_title")}</h1>
      <p className="hint">
        {t("moderation.flag_in_thread", { title: target.threadTitle })} ·{" "}
        {t("moderation.post_by", { name: target.author?.displayName ?? t("forum.former_member") })}
      </p>
      {done ? (
        <>
          <FormMessage kind="success">{t("moderation.flag_done")}</FormMessage>
          {backLink}
        </>
      ) : target.alreadyFlagged ? (
        <>
          <FormMessage kind="info">{t("moderation.already_flagged")}</FormMessage>
          {backLink}
        </>
      ) : (
        <>
          <p>{t("moderation.flag_lead")}</p>
          {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
          <Form method="post" className="stack" noValidate>
            <fieldset className={`field${failure?.fieldErrors.reason ? " field-invalid" : ""}`} aria-describedby={failure?.fieldErrors.reason ? "flag-reason-error" : undefined}>
              <legend>{t("moderation.flag_reason_legend")}</legend>
              {reasons.map((reason) => (
                <div key={reason} className="radio-option">
                  <input type="radio" id={`flag-reason-${reason}`} name="reason" value={reason} required aria-describedby={`flag-reason-${reason}-hint`} />
                  <label htmlFor={`flag-reason-${reason}`}>{t(`moderation.reason_${reason}`)}</label>
                  <p className="hint" id={`flag-reason-${reason}-hint`}>
                    {t(`moderation.reason_${reason}_hint`)}
                  </p>
                </div>
              ))}
              {failure?.fieldErrors.reason ? (
                <p className="field-error" id="flag-reason-error">
                  {failure.fieldErrors.reason}
                </p>
              ) : null}
            </fieldset>
            <TextAreaField name="note" label={t("moderation.flag_note")} hint={t("moderation.flag_note_hint")} maxLength={500} rows={4} error={failure?.fieldErrors.note} />
            <div className="actions">
              <button type="submit" className="button">
                {t("moderation.flag_submit")}
              </button>
              <Link to={`/p/${target.postId}`} className="button button-secondary">
                {t("moderation.back_to_post")}
              </Link>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}
