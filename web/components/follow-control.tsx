import { Form } from "@remix-run/react";
import { useT } from "../lib/i18n";
import { FormMessage } from "./form";

export type FollowTarget = "thread" | "topic" | "group";
type Level = "watching" | "tracking" | "muted";

export interface FollowStateView {
  chosen: Level | null;
  effective: Level | null;
}

const choices = ["default", "watching", "tracking", "muted"] as const;

/**
 * How much a member hears about a thread, topic or group: a select of levels and a save button, posted to
 * the page's own action with intent "follow" (works without JavaScript). Shown to signed-in members only.
 */
export function FollowControl({
  target,
  targetId,
  state,
  saved = false,
  error,
}: {
  target: FollowTarget;
  targetId: number;
  state: FollowStateView | null;
  saved?: boolean;
  error?: string;
}) {
  const t = useT();
  if (!state) return null;
  const id = `follow-${target}-${targetId}`;
  const effective = state.effective ? t(`notifications.level_${state.effective}`) : null;
  return (
    <Form method="post" className="follow-control" preventScrollReset>
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="targetId" value={targetId} />
      <div className="follow-row">
        <label htmlFor={id}>
          {t("notifications.follow_label", { what: t(`notifications.follow_what_${target}`) })}
        </label>
        <div className="inline-form">
          <select id={id} name="level" defaultValue={state.chosen ?? "default"} key={state.chosen ?? "default"} aria-describedby={`${id}-now`}>
            {choices.map((level) => (
              <option key={level} value={level}>
                {t(`notifications.level_${level}`)}
              </option>
            ))}
          </select>
          <button type="submit" name="intent" value="follow" className="button button-small button-secondary">
            {t("notifications.follow_save")}
          </button>
        </div>
      </div>
      <p className="hint" id={`${id}-now`}>
        {effective ? t("notifications.follow_effective", { level: effective }) : t("notifications.follow_none_effective")}
      </p>
      <details className="follow-help">
        <summary>{t("notifications.follow_levels_help")}</summary>
        <dl>
          {choices.map((level) => (
            <div key={level}>
              <dt>{t(`notifications.level_${level}`)}</dt>
              <dd>{t(`notifications.level_${level}_help`)}</dd>
            </div>
          ))}
        </dl>
      </details>
      {saved ? <FormMessage kind="success">{t("notifications.follow_saved")}</FormMessage> : null}
      {error ? <FormMessage kind="error">{error}</FormMessage> : null}
    </Form>
  );
}
