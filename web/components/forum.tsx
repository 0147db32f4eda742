import { Form, Link } from "@remix-run/react";
import { dateTimeFormat } from "../../shared/intl-cache";
import type { ReactNode } from "react";
import { partnerShortNames } from "../../shared/profile";
import { useLocale, useT } from "../lib/i18n";

export interface AuthorView {
  handle: string;
  displayName: string;
  verifiedOrganisation: string | null;
}

/** A member's name linking to their profile, with their organisation's badge when an admin verified it. */
export function AuthorName({ author }: { author: AuthorView | null }) {
  const t = useT();
  if (!author) return <span className="muted">{t("forum.former_member")}</span>;
  return (
    <span className="author">
      <Link to={`/u/${author.handle}`} className="author-name">
        {author.displayName}
      </Link>
      {author.verifiedOrganisation ? (
        <span className="badge badge-verified" title={t("forum.verified_expert_of", { organisation: partnerShortNames[author.verifiedOrganisation] ?? author.verifiedOrganisation })}>
          <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M9 16.2l-3.5-3.5L4 14.2l5 5 11-11-1.5-1.5z" fill="currentColor" />
          </svg>{" "}
          {partnerShortNames[author.verifiedOrganisation] ?? author.verifiedOrganisation}
          <span className="visually-hidden"> · {t("profile.verified_expert")}</span>
        </span>
      ) : null}
    </span>
  );
}

/** A thread's author, or both officials of a pair that asked together. */
export function ThreadAuthors({ author, coAuthor }: { author: AuthorView | null; coAuthor?: AuthorView | null }) {
  const t = useT();
  if (!coAuthor) return <AuthorName author={author} />;
  return (
    <span className="author" title={t("pair.asked_as_pair")}>
      <AuthorName author={author} /> {t("pair.and")} <AuthorName author={coAuthor} />
      <span className="badge">{t("pair.pair_badge")}</span>
    </span>
  );
}

export function RelativeTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const date = new Date(iso);
  const formatted = dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date);
  return (
    <time dateTime={iso} title={`${formatted} UTC`}>
      {dateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date)}
    </time>
  );
}

export function TagList({ tags }: { tags: { slug: string; name: string }[] }) {
  const t = useT();
  if (tags.length === 0) return null;
  return (
    <ul className="tag-list" aria-label={t("forum.tags")}>
      {tags.map((tag) => (
        <li key={tag.slug}>
          <Link to={`/topics?tag=${encodeURIComponent(tag.slug)}`} className="tag">
            {tag.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A small POST form with one button: votes, solutions, deletions. Works without JavaScript. */
export function ActionButton({
  intent,
  fields,
  children,
  className,
  confirm,
}: {
  intent: string;
  fields: Record<string, string | number>;
  children: ReactNode;
  className?: string;
  confirm?: string;
}) {
  return (
    <Form
      method="post"
      className="inline-action"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" name="intent" value={intent} className={className ?? "link-button"}>
        {children}
      </button>
    </Form>
  );
}

export interface ThreadSummaryView {
  id: number;
  title: string;
  kind: "question" | "discussion";
  language: string;
  topic: { slug: string; name: string };
  author: AuthorView | null;
  coAuthor?: AuthorView | null;
  tags: { slug: string; name: string }[];
  replyCount: number;
  solved: boolean;
  createdAt: string;
  lastActivityAt: string;
  unreadCount: number | null;
  isNew: boolean;
  pinned?: boolean;
}

export function ThreadList({ threads, showTopic }: { threads: ThreadSummaryView[]; showTopic: boolean }) {
  const t = useT();
  if (threads.length === 0) return <p className="empty">{t("forum.no_threads")}</p>;
  return (
    <ol className="thread-list">
      {threads.map((thread) => (
        <li key={thread.id} className="thread-row">
          <div className="thread-main">
            <p className="thread-meta-top">
              <span className={`kind kind-${thread.kind}`}>{t(`forum.kind_${thread.kind}`)}</span>
              {thread.pinned ? <span className="badge">{t("moderation.pinned")}</span> : null}
              {thread.solved ? <span className="badge badge-solved">{t("forum.solved")}</span> : null}
              {thread.isNew ? <span className="badge badge-new">{t("forum.new")}</span> : null}
              {thread.unreadCount ? (
                <span className="badge badge-new">{t("forum.unread_count", { count: thread.unreadCount })}</span>
              ) : null}
              <span className="lang-tag" lang={thread.language}>
                {thread.language.toUpperCase()}
              </span>
            </p>
            <h3 className="thread-title" lang={thread.language}>
              <Link to={`/t/${thread.id}`}>{thread.title}</Link>
            </h3>
            <p className="thread-meta">
              <ThreadAuthors author={thread.author} coAuthor={thread.coAuthor} />
              {showTopic ? (
                <>
                  {" · "}
                  <Link to={`/topics/${thread.topic.slug}`}>{thread.topic.name}</Link>
                </>
              ) : null}
              {" · "}
              {t("forum.last_activity")} <RelativeTime iso={thread.lastActivityAt} />
            </p>
            <TagList tags={thread.tags} />
          </div>
          <p className="thread-count">
            <strong>{thread.replyCount}</strong>
            <span>{t("forum.replies_label", { count: thread.replyCount })}</span>
          </p>
        </li>
      ))}
    </ol>
  );
}
