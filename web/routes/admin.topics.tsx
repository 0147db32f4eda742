import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, translatorFor } from "../lib/http.server";

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.ctx.guardian.canManageTopics()) throw new Response("Not Found", { status: 404 });
  const topics = await context.services.topics.listTopics(context.ctx, { includeArchived: true });
  return json({ title: translatorFor(context)("admin.topics_title"), topics });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { topics } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "create":
        await topics.createTopic(context.ctx, input);
        break;
      case "update":
        await topics.updateTopic(context.ctx, input);
        break;
      case "up":
      case "down":
        await topics.moveTopic(context.ctx, { ...input, direction: form.get("intent") });
        break;
      case "archive":
        await topics.setTopicArchived(context.ctx, input, true);
        break;
      case "restore":
        await topics.setTopicArchived(context.ctx, input, false);
        break;
      default:
        throw new Response("Bad Request", { status: 400 });
    }
    return json({ ok: true as const });
  });
}

function TopicFields({ prefix, values, errors }: { prefix: string; values?: { slug: string; names: Record<string, string>; descriptions: Record<string, string> }; errors: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <Field id={`${prefix}-slug`} name="slug" label={t("admin.slug")} hint={t("admin.slug_hint")} defaultValue={values?.slug} required error={errors.slug} />
      {(["Es", "Pt", "En"] as const).map((lang) => (
        <div key={lang} className="columns-2">
          <Field id={`${prefix}-name${lang}`} name={`name${lang}`} label={t(`admin.name_${lang.toLowerCase()}`)} defaultValue={values?.names[lang.toLowerCase()]} required error={errors[`name${lang}`]} />
          <Field id={`${prefix}-description${lang}`} name={`description${lang}`} label={t(`admin.description_${lang.toLowerCase()}`)} defaultValue={values?.descriptions[lang.toLowerCase()]} error={errors[`description${lang}`]} />
        </div>
      ))}
    </>
  );
}

export default function AdminTopics() {
  const { topics } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const errors = failure?.fieldErrors ?? {};
  return (
    <section className="stack-large">
      <h2>{t("admin.topics_title")}</h2>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {result && !failure ? <FormMessage kind="success">{t("settings.saved")}</FormMessage> : null}
      <ol className="member-list">
        {topics.map((topic, index) => (
          <li key={topic.id} className="card-plain">
            <p>
              <Link to={`/topics/${topic.slug}`}>
                <strong>{topic.name}</strong>
              </Link>{" "}
              <span className="muted">/{topic.slug}</span> {topic.archived ? <span className="badge">{t("admin.archived")}</span> : null}
            </p>
            <div className="actions">
              <Form method="post">
                <input type="hidden" name="topicId" value={topic.id} />
                <button type="submit" name="intent" value="up" className="button button-small button-secondary" disabled={index === 0} aria-label={t("admin.move_up", { name: topic.name })}>
                  ↑
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="topicId" value={topic.id} />
                <button type="submit" name="intent" value="down" className="button button-small button-secondary" disabled={index === topics.length - 1} aria-label={t("admin.move_down", { name: topic.name })}>
                  ↓
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="topicId" value={topic.id} />
                <button type="submit" name="intent" value={topic.archived ? "restore" : "archive"} className="button button-small button-secondary">
                  {topic.archived ? t("admin.restore") : t("admin.archive")}
                </button>
              </Form>
            </div>
            <details>
              <summary>{t("admin.edit")}</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="topicId" value={topic.id} />
                <TopicFields prefix={`topic-${topic.id}`} values={topic} errors={{}} />
                <button type="submit" name="intent" value="update" className="button button-small">
                  {t("settings.save")}
                </button>
              </Form>
            </details>
          </li>
        ))}
      </ol>
      <Form method="post" className="stack card-plain" aria-labelledby="new-topic-title">
        <h3 id="new-topic-title">{t("admin.new_topic")}</h3>
        <TopicFields prefix="new-topic" errors={errors} />
        <button type="submit" name="intent" value="create" className="button">
          {t("admin.create")}
        </button>
      </Form>
    </section>
  );
}
