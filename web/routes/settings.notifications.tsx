import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isAppError } from "../../shared/errors";
import { formToObject } from "../../shared/schemas/parse";
import { FormMessage } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";

const emailModes = ["immediate", "daily", "weekly", "none"] as const;
const levels = ["watching", "tracking", "muted"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const { notifications } = context.services;
  const [emailMode, follows] = await runLoader(request, () =>
    Promise.all([notifications.getEmailMode(context.ctx), notifications.listMyFollows(context.ctx, { cursor })]),
  ).catch((error: unknown) => {
    // A cursor that is not one of ours starts the list again.
    if (cursor !== undefined && isAppError(error) && error.code === "VALIDATION") throw redirect("/settings/notifications");
    throw error;
  });
  return json({ title: translatorFor(context)("notifications.settings_title"), emailMode, follows, paged: cursor !== undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { notifications } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "email":
        await notifications.setEmailMode(context.ctx, input);
        return json({ ok: true as const, done: "email" as const });
      case "follow":
        await notifications.setFollowLevel(context.ctx, input);
        return json({ ok: true as const, done: "follow" as const });
      case "stop":
        await notifications.setFollowLevel(context.ctx, { ...input, level: "default" });
        return json({ ok: true as const, done: "stop" as const });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  });
}

interface FollowedItem {
  target: "topic" | "group" | "thread";
  targetId: number;
  name: string;
  url: string;
  level: (typeof levels)[number];
  reason: "created" | "replied" | "expert" | "chosen";
}

function FollowedRow({ item }: { item: FollowedItem }) {
  const t = useT();
  const id = `level-${item.target}-${item.targetId}`;
  return (
    <li className="followed-row">
      <p className="followed-name">
        <span className="badge">{t(`notifications.following_kind_${item.target}`)}</span> <Link to={item.url}>{item.name}</Link>{" "}
        <span className="muted">({t("notifications.following_reason", { reason: t(`notifications.following_reason_${item.reason}`) })})</span>
      </p>
      <Form method="post" className="inline-form followed-form" preventScrollReset>
        <input type="hidden" name="target" value={item.target} />
        <input type="hidden" name="targetId" value={item.targetId} />
        <label htmlFor={id} className="visually-hidden">
          {t("notifications.following_level_for", { name: item.name })}
        </label>
        <select id={id} name="level" defaultValue={item.level} key={item.level}>
          {levels.map((level) => (
            <option key={level} value={level}>
              {t(`notifications.level_${level}`)}
            </option>
          ))}
        </select>
        <button type="submit" name="intent" value="follow" className="button button-small button-secondary" aria-describedby={`${id}-name`}>
          {t("notifications.follow_save")}
        </button>
        {item.reason === "chosen" ? (
          // Only a choice can be taken back; what the defaults follow, the member mutes with the select.
          <button type="submit" name="intent" value="stop" className="button button-small button-secondary" aria-describedby={`${id}-name`}>
            {t("notifications.following_stop")}
          </button>
        ) : null}
        <span id={`${id}-name`} hidden>
          {item.name}
        </span>
      </Form>
    </li>
  );
}

export default function NotificationSettings() {
  const { emailMode, follows, paged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const done = result && !isFailure(result) ? result.done : null;
  const nothing = follows.spaces.length === 0 && follows.threads.length === 0 && !paged;
  return (
    <section className="stack-large">
      <div>
        <h2>{t("notifications.settings_title")}</h2>
        <p>{t("notifications.settings_lead")}</p>
        {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
        {done === "email" ? <FormMessage kind="success">{t("notifications.email_saved")}</FormMessage> : null}
        {done === "follow" ? <FormMessage kind="success">{t("notifications.follow_saved")}</FormMessage> : null}
        {done === "stop" ? <FormMessage kind="success">{t("notifications.following_stopped")}</FormMessage> : null}
      </div>

      <Form method="post" className="card-plain stack" preventScrollReset>
        <fieldset className="field">
          <legend>{t("notifications.email_label")}</legend>
          {emailModes.map((mode) => (
            <div key={mode} className="radio-option">
              <input type="radio" id={`email-${mode}`} name="mode" value={mode} defaultChecked={emailMode === mode} key={`${mode}-${emailMode}`} />
              <label htmlFor={`email-${mode}`}>{t(`notifications.email_${mode}`)}</label>
            </div>
          ))}
        </fieldset>
        <div>
          <button type="submit" name="intent" value="email" className="button">
            {t("notifications.email_save")}
          </button>
        </div>
      </Form>

      <section aria-labelledby="following-title" className="stack">
        <h3 id="following-title">{t("notifications.following_title")}</h3>
        {nothing ? (
          <p className="empty">{t("notifications.following_none")}</p>
        ) : (
          <>
            {follows.spaces.length ? (
              <section aria-labelledby="following-spaces-title">
                <h4 id="following-spaces-title">{t("notifications.following_spaces")}</h4>
                <ul className="followed-list">
                  {follows.spaces.map((item) => (
                    <FollowedRow key={`${item.target}-${item.targetId}`} item={item} />
                  ))}
                </ul>
              </section>
            ) : null}
            <section aria-labelledby="following-threads-title">
              <h4 id="following-threads-title">{t("notifications.following_threads")}</h4>
              {follows.threads.length ? (
                <ul className="followed-list">
                  {follows.threads.map((item) => (
                    <FollowedRow key={`${item.target}-${item.targetId}`} item={item} />
                  ))}
                </ul>
              ) : (
                <p className="empty">{t("notifications.following_threads_none")}</p>
              )}
            </section>
            {follows.nextCursor || paged ? (
              <p className="pager actions">
                {paged ? (
                  <Link to="/settings/notifications" className="button button-secondary">
                    {t("notifications.following_first")}
                  </Link>
                ) : null}
                {follows.nextCursor ? (
                  <Link to={`?cursor=${encodeURIComponent(follows.nextCursor)}`} rel="next" className="button button-secondary">
                    {t("notifications.following_more")}
                  </Link>
                ) : null}
              </p>
            ) : null}
          </>
        )}
      </section>
    </section>
  );
}
