import { Form, Link } from "@remix-run/react";
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
  /** Hidden by a moderator: members get html null (a tombstone), moderators the post with a marker. */
  hidden?: boolean;
  hiddenReason?: string | null;
  flaggedByMe?: boolean;
  openFlags?: number;
  can: { edit: boolean; delete: boolean; vote: boolean; reply: boolean; flag?: boolean; moderate?: boolean };
  children?: PostView[];
  moreChildren?: number;
}

/**
 * A moderator's controls for one post: a reason (sent to the author) and the actions that fit the
 * post's state. They always post to the thread page, wherever the post is shown.
 */
function PostModeration({ post, threadId }: { post: PostView; threadId: number }) {
  const t = useT();
  const reasonId = `mod-reason-${post.id}`;
  return (
    <details className="moderation-controls">
      <summary>{t("moderation.moderate_post")}</summary>
      <Form method="post" action={`/t/${threadId}?index`} className="moderation-form">
        <input type="hidden" name="postId" value={post.id} />
        <div className="field">
          <label htmlFor={reasonId}>{t("moderation.reason_label")}</label>
          <input id={reasonId} name="reason" maxLength={500} aria-describedby={`${reasonId}-hint`} />
          <p className="hint" id={`${reasonId}-hint`}>
            {t("moderation.reason_hint")}
          </p>
        </div>
        <div className="actions">
          {post.deleted ? (
            <button type="submit" name="intent" value="mod-restore" className="button button-small button-secondary">
              {t("moderation.restore")}
            </button>
          ) : (
            <>
              <button type="submit" name="intent" value={post.hidden ? "mod-unhide" : "mod-hide"} className="button button-small button-secondary">
                {post.hidden ? t("moderation.unhide") : t("moderation.hide")}
              </button>
              <button type="submit" name="intent" value="mod-delete" className="button button-small button-danger">
                {t("moderation.delete")}
              </button>
            </>
          )}
        </div>
      </Form>
    </details>
  );
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
        {post.hidden && post.html !== null && !post.deleted ? <span className="badge badge-hidden">{t("moderation.hidden_marker")}</span> : null}
        {post.openFlags ? <span className="badge badge-warning">{t("moderation.open_flags", { count: post.openFlags })}</span> : null}
      </header>
      {post.deleted ? (
        <p className="tombstone">{post.deleted === "author" ? t("forum.deleted_by_author") : t("forum.deleted_by_moderator")}</p>
      ) : post.hidden && post.html === null ? (
        <p className="tombstone">{t("moderation.hidden_by_moderator")}</p>
      ) : (
        <>
          {post.hidden && post.hiddenReason ? <p className="hint">{t("moderation.hidden_reason", { reason: post.hiddenReason })}</p> : null}
          <div className={`post-body${post.hidden ? " post-body-hidden" : ""}`} lang={language} dangerouslySetInnerHTML={{ __html: post.html ?? "" }} />
        </>
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
          {post.can.flag ? (
            <Link to={`/p/${post.id}/flag`} aria-label={t("moderation.flag_post_label", { number: post.position })}>
              {t("moderation.flag")}
            </Link>
          ) : post.flaggedByMe ? (
            <span className="muted">{t("moderation.flagged_by_you")}</span>
          ) : null}
        </footer>
      )}
      {post.can.moderate ? <PostModeration post={post} threadId={threadId} /> : null}
    </article>
  );
}
