import { Link } from "@remix-run/react";
import { useLocale, useT } from "../lib/i18n";

// The live regions of thread and list pages. Each region is always in the page (empty until something
// happens), so screen readers announce what appears in it; without JavaScript they stay empty.
// data-live="on" marks a region whose page is subscribed to its room (browser tests wait for it).

/** "N new replies" elsewhere in the thread, with a link to the newest. */
export function NewRepliesNotice({ count, newestPostId, live }: { count: number; newestPostId: number | null; live: boolean }) {
  const t = useT();
  return (
    <div className="live-notice" role="status" data-live={live ? "on" : undefined}>
      {count > 0 && newestPostId !== null ? (
        <p>
          {t("notifications.new_replies", { count })} · <Link to={`/p/${newestPostId}`}>{t("notifications.see_newest")}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** "X is typing a reply…" for a few seconds after the last signal. */
export function TypingIndicator({ names }: { names: string[] }) {
  const t = useT();
  const locale = useLocale();
  const text = names.length
    ? t("notifications.typing", { count: names.length, names: new Intl.ListFormat(locale, { type: "conjunction" }).format(names) })
    : "";
  return (
    <p className="typing-indicator" aria-live="polite">
      {text}
    </p>
  );
}

/** New threads and replies in a list, with a button that loads them. */
export function ListActivityNotice({
  newThreads,
  newReplies,
  onShow,
  live,
}: {
  newThreads: number;
  newReplies: number;
  onShow: () => void;
  live: boolean;
}) {
  const t = useT();
  const parts = [
    newThreads > 0 ? t("notifications.new_threads", { count: newThreads }) : null,
    newReplies > 0 ? t("notifications.new_replies", { count: newReplies }) : null,
  ].filter(Boolean);
  return (
    <div className="live-notice" role="status" data-live={live ? "on" : undefined}>
      {parts.length ? (
        <p>
          {parts.join(" · ")}{" "}
          <button type="button" className="button button-small" onClick={onShow}>
            {t("notifications.show_new")}
          </button>
        </p>
      ) : null}
    </div>
  );
}
