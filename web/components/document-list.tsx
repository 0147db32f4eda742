import { Link } from "@remix-run/react";
import { useLocale, useT } from "../lib/i18n";
import { formatBytes } from "./document-upload";
import { RelativeTime } from "./forum";

export interface DocumentSummaryView {
  id: number;
  title: string;
  description: string;
  docType: string;
  country: string | null;
  countryName: string | null;
  city: string;
  language: string;
  year: number | null;
  authors: string;
  visibility: "public" | "members" | "group";
  place: { kind: "topic" | "group"; slug: string; name: string } | null;
  file: { version: number; name: string; mimeType: string; size: number; family: string };
  downloadCount: number;
  createdAt: string;
  snippet: { text: string; match: boolean }[] | null;
}

/** Who may see a document, as a badge: members-only and private-group ones stand out. */
export function VisibilityBadge({ visibility }: { visibility: DocumentSummaryView["visibility"] }) {
  const t = useT();
  const className = visibility === "public" ? "badge" : visibility === "members" ? "badge badge-new" : "badge badge-warning";
  return <span className={className}>{t(`document.visibility_${visibility}`)}</span>;
}

export function DocumentList({ documents }: { documents: DocumentSummaryView[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="thread-list document-list">
      {documents.map((document) => (
        <li key={document.id} className="thread-row document-row">
          <div className="thread-main">
            <p className="thread-meta-top">
              <span className="kind">{t(`document.type_${document.docType}`)}</span>
              <VisibilityBadge visibility={document.visibility} />
              <span className="lang-tag" lang={document.language}>
                {document.language.toUpperCase()}
              </span>
            </p>
            <h3 className="thread-title" lang={document.language}>
              <Link to={`/documents/${document.id}`}>{document.title}</Link>
            </h3>
            <p className="thread-meta">
              {[
                document.authors,
                [document.city, document.countryName ?? ""].filter(Boolean).join(", "),
                document.year ? String(document.year) : "",
              ]
                .filter(Boolean)
                .join(" · ")}
              {document.place ? (
                <>
                  {" · "}
                  <Link to={document.place.kind === "group" ? `/g/${document.place.slug}` : `/topics/${document.place.slug}`}>{document.place.name}</Link>
                </>
              ) : null}
              {" · "}
              <RelativeTime iso={document.createdAt} />
            </p>
            {document.snippet ? (
              <p className="snippet" lang={document.language}>
                {document.snippet.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
              </p>
            ) : document.description ? (
              <p className="snippet" lang={document.language}>
                {document.description.length > 240 ? `${document.description.slice(0, 240)}…` : document.description}
              </p>
            ) : null}
          </div>
          <p className="document-file">
            <a href={`/documents/${document.id}/download`} className="button button-small button-secondary" download>
              {t("document.download")}
              <span className="visually-hidden">: {document.file.name}</span>
            </a>
            <span className="muted">
              {document.file.name.split(".").pop()?.toUpperCase()} · {formatBytes(document.file.size, locale)}
            </span>
          </p>
        </li>
      ))}
    </ol>
  );
}
