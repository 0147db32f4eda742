import { Link } from "@remix-run/react";
import { useT } from "../lib/i18n";
import { ActionButton, AuthorName, RelativeTime, type AuthorView } from "./forum";

export interface PostView {
  id: number;
  position: number;
  parentId: number | null;
  parentAuthorHandle: string | null;
  depth: number;
  author: AuthorView | null;
  html: string | null;
  deleted: null | "author" | "moderator";
  createdAt: string;
  editedAt: string | null;
  revisionCount: number;
  helpfulCount: number;
  votedHelpful: boolean;
  isSolution: boolean;
  can: { edit: boolean; delete: boolean; vote: boolean; reply: boolean };
  children?: PostView[];
  moreChildren?: number;
}

/** One post: author and badge, the stored sanitized HTML (or a tombstone), and what the viewer may do. */
export function Post({
  post,
  threadId,
  language,
  canMarkSolution,
  isQuestion,
  isFirstUnread,
}: {
  post: PostView;
  threadId: number;
  language: string;
  canMarkSolution: boolean;
  isQuestion: boolean;
  isFirstUnread?: boolean;
}) {
  const t = useT();
  const isOpening = post.position === 1;
  return (
    <article id={`p-${post.id}`} className={`post${post.isSolution ? " post-solution" : ""}${post.depth > 0 ? " post-nested" : ""}`} aria-labelledby={`p-${post.id}-by`}>
      {isFirstUnread ? <p className="unread-marker">{t("forum.first_unread")}</p> : null}
      <header className="post-header" id={`p-${post.id}-by`}>
        <AuthorName author={post.author} />
        <span className="muted">
          {" · "}
          <Link to={`/p/${post.id}`} className="permalink" aria-label={t("forum.permalink_label", { number: post.position })}>
            <RelativeTime iso={post.createdAt} />
          </Link>
        </span>
        {post.depth > 1 && post.parentId ? (
          <span className="muted">
            {" · "}
            <a href={`#p-${post.parentId}`}>{t("forum.in_reply_to", { handle: post.parentAuthorHandle ?? "…" })}</a>
          </span>
        ) : null}
        {post.isSolution ? <span className="badge badge-solved">{t("forum.solution")}</span> : null}
      </header>
      {post.deleted ? (
        <p className="tombstone">{post.deleted === "author" ? t("forum.deleted_by_author") : t("forum.deleted_by_moderator")}</p>
      ) : (
        <div className="post-body" lang={language} dangerouslySetInnerHTML={{ __html: post.html ?? "" }} />
      )}
      {post.deleted ? null : (
        <footer className="post-actions">
          {post.editedAt ? (
            <Link to={`/p/${post.id}/history`} className="muted">
              {t("forum.edited", { count: post.revisionCount - 1 })}
            </Link>
          ) : null}
          {!isOpening ? (
            post.can.vote ? (
              <ActionButton intent={post.votedHelpful ? "unvote" : "vote"} fields={{ postId: post.id }} className="link-button">
                <span aria-hidden="true">▲</span> {post.votedHelpful ? t("forum.unvote_helpful") : t("forum.vote_helpful")} ({post.helpfulCount})
              </ActionButton>
            ) : (
              <span className="muted">{t("forum.helpful_count", { count: post.helpfulCount })}</span>
            )
          ) : null}
          {post.can.reply ? (
            <>
              <Link to={`/t/${threadId}/reply?to=${post.id}`}>{t("forum.reply")}</Link>
              <Link to={`/t/${threadId}/reply?to=${post.id}&quote=1`}>{t("forum.quote")}</Link>
            </>
          ) : null}
          {isQuestion && !isOpening && canMarkSolution ? (
            post.isSolution ? (
              <ActionButton intent="unsolve" fields={{ threadId }}>{t("forum.unmark_solution")}</ActionButton>
            ) : (
              <ActionButton intent="solve" fields={{ postId: post.id }}>{t("forum.mark_solution")}</ActionButton>
            )
          ) : null}
          {post.can.edit ? <Link to={`/p/${post.id}/edit`}>{t("forum.edit")}</Link> : null}
          {post.can.delete ? (
            <ActionButton intent="delete" fields={{ postId: post.id }} confirm={t("forum.delete_confirm")}>
              {t("forum.delete")}
            </ActionButton>
          ) : null}
        </footer>
      )}
    </article>
  );
}
