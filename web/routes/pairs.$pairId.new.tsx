import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { NewThreadForm } from "../components/new-thread-form";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader } from "../lib/http.server";

function pairIdOf(params: { pairId?: string }): number {
  const id = Number(params.pairId);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not Found", { status: 404 });
  return id;
}

// A pair's new question: inside its private space, or (for its two officials) in a public topic as a
// pair, where both show as authors and both hear of the replies.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = requireSignedIn(context, request);
  const pairId = pairIdOf(params);
  const { pairs, topics, forum } = context.services;
  const pair = await runLoader(request, () => pairs.get(context.ctx, { pairId }));
  if (!pair.can.post && !pair.can.askAsPair) throw new Response("Not Found", { status: 404 });
  const [topicList, tags, draft] = await Promise.all([
    topics.listTopics(context.ctx),
    topics.listTags(context.ctx, { spaceId: pair.spaceId }),
    forum.getDraft(context.ctx, `thread:pair:${pair.id}`),
  ]);
  return json({
    pair,
    topics: topicList.map((topic) => ({ id: topic.id, slug: topic.slug, name: topic.name })),
    tags,
    draft,
    defaultLanguage: account.locale,
    canPost: context.ctx.guardian.canPost(),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.pair.national.displayName} · ${data.pair.local.displayName} · Enlace` : "Enlace" }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const pairId = pairIdOf(params);
  const form = await request.formData();
  const { where, ...input } = formToObject(form, ["tags"]);
  const { forum } = context.services;
  const key = `thread:pair:${pairId}`;
  return runAction(context, async () => {
    if (form.get("intent") === "preview") {
      return json({ ok: true as const, preview: forum.previewMarkdown(String(input.body ?? "")), values: { ...input, where }, saved: false });
    }
    if (form.get("intent") === "save-draft") {
      await forum.saveDraft(context.ctx, { ...input, key });
      return json({ ok: true as const, preview: null, values: { ...input, where }, saved: true });
    }
    const place = where === "topic" ? { asPairId: pairId } : { pairId };
    const { threadId } = await forum.createThread(context.ctx, { ...input, ...place });
    await forum.deleteDraft(context.ctx, key);
    return redirect(`/t/${threadId}`);
  });
}

export default function NewPairThread() {
  const { pair, topics, tags, draft, defaultLanguage, canPost } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result) as { preview: string | null; values: Record<string, unknown>; saved: boolean } | undefined;
  const chosenWhere = typeof done?.values.where === "string" ? done.values.where : pair.can.post ? "space" : "topic";
  const pairTopic = topics.find((topic) => topic.slug === pair.topic?.slug);
  const chosenTopic = typeof done?.values.topicId === "string" ? done.values.topicId : String(pairTopic?.id ?? topics[0]?.id ?? "");
  const placeFields = (
    <>
      <fieldset className="field">
        <legend>{t("pair.where_label")}</legend>
        {pair.can.post ? (
          <label className="checkbox">
            <input type="radio" name="where" value="space" defaultChecked={chosenWhere === "space"} />
            {t("pair.where_space")}
          </label>
        ) : null}
        {pair.can.askAsPair ? (
          <label className="checkbox">
            <input type="radio" name="where" value="topic" defaultChecked={chosenWhere === "topic"} />
            {t("pair.where_topic")}
          </label>
        ) : null}
      </fieldset>
      <div className={`field${failure?.fieldErrors.topicId ? " field-invalid" : ""}`}>
        <label htmlFor="pair-thread-topic">{t("forum.filter_topic")}</label>
        <p className="hint" id="pair-thread-topic-hint">
          {t("pair.topic_hint")}
        </p>
        <select id="pair-thread-topic" name="topicId" defaultValue={chosenTopic} aria-describedby="pair-thread-topic-hint">
          {topics.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {topic.name}
            </option>
          ))}
        </select>
        {failure?.fieldErrors.topicId ? <p className="field-error">{failure.fieldErrors.topicId}</p> : null}
      </div>
    </>
  );
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/pairs">{t("pair.title")}</Link> › <Link to={`/pairs/${pair.id}`}>{t("pair.pair_of", { national: pair.national.displayName, local: pair.local.displayName })}</Link>
      </nav>
      <h1>{t("pair.new_question")}</h1>
      <NewThreadForm
        tags={tags}
        draft={draft}
        draftKey={`thread:pair:${pair.id}`}
        defaultLanguage={defaultLanguage}
        canPost={canPost}
        failure={failure}
        done={done}
        placeFields={placeFields}
      />
    </section>
  );
}
