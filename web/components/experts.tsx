import type { Translate } from "../../shared/i18n/core";
import { useT } from "../lib/i18n";

export interface FiguresView {
  answers: number;
  solutions: number;
  medianFirstReplySeconds: number | null;
}

/** A duration in the unit that reads best: minutes, hours or days. */
export function formatDuration(t: Translate, seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return t("directory.duration_minutes", { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t("directory.duration_hours", { count: hours });
  return t("directory.duration_days", { count: Math.round(hours / 24) });
}

/** Answers, solutions and the median time to a first reply, counted from public content only. */
export function ExpertFigures({ figures }: { figures: FiguresView }) {
  const t = useT();
  return (
    <dl className="profile-facts expert-figures">
      <dt>{t("directory.answers")}</dt>
      <dd>{figures.answers}</dd>
      <dt>{t("directory.solutions")}</dt>
      <dd>{figures.solutions}</dd>
      <dt>{t("directory.median_first_reply")}</dt>
      <dd>{figures.medianFirstReplySeconds === null ? t("directory.no_replies_yet") : formatDuration(t, figures.medianFirstReplySeconds)}</dd>
    </dl>
  );
}
