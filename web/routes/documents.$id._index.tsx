import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { localeNames, type Locale } from "../../shared/i18n/core";
import { VisibilityBadge } from "../components/document-list";
import { formatBytes, formatDecimal, UploadForm, type UploadFailureView } from "../components/document-upload";
import { Field, FormMessage } from "../components/form";
import { AuthorName, RelativeTime } from "../components/forum";
import { isFailure } from "../lib/action-result";
import { receiveUpload } from "../lib/documents.server";
import { useLocale, useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, signInRedirect } from "../lib/http.server";

const ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp";

function documentId(params: { id?: string }): number {
  if (!/^\d{1,10}$/.test(params.id ?? "")) throw new Response("Not Found", { status: 404 });
  return Number(params.id);
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = documentId(params);
  const { documents } = context.services;
  const document = await runLoader(request, () => documents.get(context.ctx, { documentId: id }));
  const maxBytes = documents.uploadLimits(context.ctx).maxBytes;
  return json({
    document,
    maxBytes,
    maxMb: formatDecimal(maxBytes / (1024 * 1024), 1, context.state.locale),
    link: `${context.config.publicUrl}/documents/${document.id}`,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.document.title} · Enlace` },
        { name: "description", content: data.document.description.slice(0, 200) },
        ...(data.document.visibility === "public" ? [] : [{ name: "robots", content: "noindex" }]),
      ]
    : [];

/** A new version (multipart, without JavaScript), or deleting the document. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = documentId(params);
  if ((request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    const outcome = await receiveUpload(context, request, id);
    if (outcome.ok) return redirect(outcome.url, 303);
    if (outcome.status === 401) throw signInRedirect(request);
    return json(outcome.failure, { status: outcome.status });
  }
  requireSignedIn(context, request);
  const form = formToObject(await request.formData());
  return runAction(context, async () => {
    if (form.intent !== "delete") throw new Response("Bad Request", { status: 400 });
    await context.services.documents.remove(context.ctx, { documentId: id });
    return redirect("/documents?deleted=1", 303);
  });
}

export default function DocumentPage() {
  const { document, maxBytes, maxMb, link } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const failure = isFailure(result) ? (result as UploadFailureView & { ok: false }) : undefined;
  const facts: [string, string][] = [
    [t("document.label_type"), t(`document.type_${document.docType}`)],
    [t("document.label_language"), localeNames[document.language as Locale] ?? document.language],
    ...(document.countryName ? [[t("document.label_country"), document.countryName] as [string, string]] : []),
    ...(document.city ? [[t("document.label_city"), document.city] as [string, string]] : []),
    ...(document.year ? [[t("document.label_year"), String(document.year)] as [string, string]] : []),
    ...(document.authors ? [[t("document.label_authors"), document.authors] as [string, string]] : []),
    ...(document.licence ? [[t("document.label_licence"), document.licence] as [string, string]] : []),
    [t("document.label_downloads"), String(document.downloadCount)],
  ];
  return (
    <article className="document-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/documents">{t("document.all_documents")}</Link>
        {document.place ? (
          <>
            {" › "}
            <Link to={document.place.kind === "group" ? `/g/${document.place.slug}` : `/topics/${document.place.slug}`}>{document.place.name}</Link>
          </>
        ) : null}
      </nav>
      <header className="thread-header">
        <p className="thread-meta-top">
          <span className="kind">{t(`document.type_${document.docType}`)}</span>
          <VisibilityBadge visibility={document.visibility} />
          {document.deleted ? <span className="badge badge-danger">{t("document.deleted")}</span> : null}
        </p>
        <h1 lang={document.language}>{document.title}</h1>
        <p className="thread-meta">
          {t("document.uploaded_by")} <AuthorName author={document.uploader} /> · <RelativeTime iso={document.createdAt} />
        </p>
      </header>
      {params.get("added") ? <FormMessage kind="success">{t("document.version_added")}</FormMessage> : null}

      <section className="document-download card-plain" aria-labelledby="document-file-heading">
        <h2 id="document-file-heading" className="visually-hidden">
          {t("document.label_file")}
        </h2>
        <p>
          <a href={`/documents/${document.id}/download`} className="button" download>
            {t("document.download")}
          </a>{" "}
          <span className="document-file-name">{document.file.name}</span>{" "}
          <span className="muted">
            ({formatBytes(document.file.size, locale)}, {t("document.version_n", { number: document.file.version })})
          </span>
        </p>
      </section>

      {document.description ? (
        <div className="document-description" lang={document.language}>
          {document.description.split(/\n{2,}/).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      ) : null}

      <section aria-labelledby="document-details-heading">
        <h2 id="document-details-heading">{t("document.details")}</h2>
        <dl className="document-facts">
          {document.place ? (
            <div>
              <dt>{t("document.label_place")}</dt>
              <dd>
                <Link to={document.place.kind === "group" ? `/g/${document.place.slug}` : `/topics/${document.place.slug}`}>{document.place.name}</Link>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t("document.label_visibility")}</dt>
            <dd>{t(`document.visibility_${document.visibility}`)}</dd>
          </div>
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="document-discussed-heading">
        <h2 id="document-discussed-heading">{t("document.discussed_in")}</h2>
        {document.discussedIn.length === 0 ? (
          <p className="empty">{t("document.discussed_none")}</p>
        ) : (
          <ul className="document-links">
            {document.discussedIn.map((thread) => (
              <li key={thread.threadId} lang={thread.language}>
                <Link to={`/p/${thread.postId}`}>{thread.title}</Link>
              </li>
            ))}
          </ul>
        )}
        <p className="hint">{t("document.link_hint", { url: link })}</p>
        {document.events.length ? (
          <>
            <h3>{t("document.events")}</h3>
            <ul className="document-links">
              {document.events.map((event) => (
                <li key={event.id}>
                  <Link to={`/events/${event.id}`}>{event.title}</Link> · <RelativeTime iso={event.startsAt} />
                  {event.cancelled ? <span className="badge">{t("document.event_cancelled")}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="document-versions-heading">
        <h2 id="document-versions-heading">{t("document.versions")}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("document.versions")}</th>
                <th scope="col">{t("document.label_file")}</th>
                <th scope="col">{t("document.uploaded_by")}</th>
                <th scope="col">{t("document.label_fingerprint")}</th>
              </tr>
            </thead>
            <tbody>
              {document.versions.map((version) => (
                <tr key={version.number}>
                  <th scope="row">
                    {t("document.version_n", { number: version.number })}
                    {version.current ? <span className="badge badge-solved">{t("document.current_version")}</span> : null}
                  </th>
                  <td>
                    <a href={`/documents/${document.id}/download?version=${version.number}`} download aria-label={t("document.download_version", { number: version.number })}>
                      {version.fileName}
                    </a>{" "}
                    <span className="muted">({formatBytes(version.size, locale)})</span>
                  </td>
                  <td>
                    <AuthorName author={version.uploader} /> · <RelativeTime iso={version.createdAt} />
                  </td>
                  <td>
                    <code title={version.sha256}>{version.sha256.slice(0, 12)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {document.can.addVersion ? (
        <section aria-labelledby="document-new-version-heading" className="section">
          <h2 id="document-new-version-heading">{t("document.add_version")}</h2>
          <p className="hint">{t("document.add_version_hint")}</p>
          <UploadForm
            id="new-version"
            action={`/documents/${document.id}`}
            uploadUrl={`/documents/${document.id}/versions`}
            maxBytes={maxBytes}
            serverFailure={failure}
            submitLabel={t("document.add_version_submit")}
          >
            {(shown) => (
              <Field
                name="file"
                id="version-file"
                type="file"
                label={t("document.field_file")}
                hint={t("document.hint_file", { max: maxMb })}
                accept={ACCEPT}
                required
                error={shown?.fieldErrors.file}
              />
            )}
          </UploadForm>
          <details className="document-delete">
            <summary>{t("document.delete")}</summary>
            <Form method="post" className="stack">
              <p>{t("document.delete_confirm")}</p>
              <p>
                <button type="submit" name="intent" value="delete" className="button button-danger button-small">
                  {t("document.delete")}
                </button>
              </p>
            </Form>
          </details>
        </section>
      ) : null}
    </article>
  );
}
