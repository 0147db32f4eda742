import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuthorName, RelativeTime } from "../components/forum";
import { useT } from "../lib/i18n";
import { runLoader, translatorFor } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const postId = Number(params.postId);
  if (!Number.isInteger(postId) || postId <= 0) throw new Response("Not Found", { status: 404 });
  const history = await runLoader(request, () => context.services.forum.getPostHistory(context.ctx, { postId }));
  return json({ title: translatorFor(context)("forum.history_title"), ...history });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · ${data?.threadTitle} · Enlace` }];

function Changes({ changes }: { changes: { kind: "same" | "added" | "removed"; text: string }[] }) {
  const t = useT();
  return (
    <pre className="diff">
      {changes.map((change, index) =>
        change.kind === "added" ? (
          <ins key={index}>
            <span className="visually-hidden">{t("forum.diff_added")} </span>
            {change.text}
          </ins>
        ) : change.kind === "removed" ? (
          <del key={index}>
            <span className="visually-hidden">{t("forum.diff_removed")} </span>
            {change.text}
          </del>
        ) : (
          <span key={index}>{change.text}</span>
        ),
      )}
    </pre>
  );
}

export default function PostHistory() {
  const { threadId, threadTitle, postId, revisions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section>
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to={`/t/${threadId}`}>{threadTitle}</Link> › <Link to={`/p/${postId}`}>{t("forum.back_to_post")}</Link>
      </nav>
      <h1>{t("forum.history_title")}</h1>
      <ol className="revision-list">
        {revisions.map((revision) => (
          <li key={revision.number} className="card-plain">
            <h2 className="revision-title">
              {t("forum.revision", { number: revision.number })} · <AuthorName author={revision.editor} /> · <RelativeTime iso={revision.createdAt} />
            </h2>
            {revision.titleChanges ? (
              <>
                <h3>{t("forum.title_label")}</h3>
                <Changes changes={revision.titleChanges} />
              </>
            ) : null}
            {revision.changes.length ? <Changes changes={revision.changes} /> : <pre className="diff">{revision.source}</pre>}
          </li>
        ))}
      </ol>
    </section>
  );
}
