import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useT } from "../lib/i18n";

/**
 * The Markdown body field of every composer. With JavaScript it saves a server-side draft as you type
 * (so it comes back on any device); without, the form's "Save draft" button does the same.
 */
export function ComposerBody({
  draftKey,
  defaultValue,
  error,
  label,
  formRef,
  onTyping,
}: {
  draftKey: string | null;
  defaultValue: string;
  error?: string;
  label: string;
  formRef: React.RefObject<HTMLFormElement | null>;
  /** Called on every keystroke (the thread page tells others, at most every few seconds, that you are typing). */
  onTyping?: () => void;
}) {
  const t = useT();
  const fetcher = useFetcher<{ savedAt?: string }>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [dirty, setDirty] = useState(false);

  useEffect(() => () => clearTimeout(timer.current), []);

  const scheduleSave = () => {
    if (!draftKey || !formRef.current) return;
    setDirty(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.set("key", draftKey);
      data.delete("intent");
      data.delete("idempotencyKey");
      fetcher.submit(data, { method: "post", action: "/drafts" });
      setDirty(false);
    }, 1200);
  };

  const status =
    fetcher.state !== "idle"
      ? t("forum.draft_saving")
      : fetcher.data?.savedAt && !dirty
        ? t("forum.draft_saved")
        : "";

  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor="field-body">{label}</label>
      <p className="hint" id="field-body-hint">
        {t("forum.markdown_hint")}
      </p>
      <textarea
        id="field-body"
        name="body"
        rows={12}
        defaultValue={defaultValue}
        onInput={() => {
          scheduleSave();
          onTyping?.();
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={`field-body-hint${error ? " field-body-error" : ""}`}
        required
      />
      {error ? (
        <p className="field-error" id="field-body-error">
          {error}
        </p>
      ) : null}
      <p className="draft-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}

/** A random key for one rendering of a form (crypto.randomUUID needs a secure context; this does not). */
function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The hidden `idempotencyKey` of a composer: the same for every submission of this rendering (a double
 * click, the browser resending the form after a timeout), so the server creates one post and answers
 * each alike; a new one after each navigation (a redirect after success, a new page). Rendered by the
 * server too, so it works without JavaScript.
 */
export function IdempotencyKeyField() {
  const location = useLocation();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const key = useMemo(() => newIdempotencyKey(), [location.key]);
  return <input type="hidden" name="idempotencyKey" value={key} suppressHydrationWarning />;
}

export function ComposerButtons({ submitLabel, canSaveDraft }: { submitLabel: string; canSaveDraft: boolean }) {
  const t = useT();
  return (
    <div className="actions">
      <IdempotencyKeyField />
      <button type="submit" name="intent" value="submit" className="button">
        {submitLabel}
      </button>
      <button type="submit" name="intent" value="preview" className="button button-secondary" formNoValidate>
        {t("forum.preview")}
      </button>
      {canSaveDraft ? (
        <button type="submit" name="intent" value="save-draft" className="button button-secondary" formNoValidate>
          {t("forum.save_draft")}
        </button>
      ) : null}
    </div>
  );
}

/** The rendered preview; the HTML comes from the server's sanitizing Markdown pipeline. */
export function Preview({ html }: { html: string | null | undefined }) {
  const t = useT();
  if (html === null || html === undefined) return null;
  return (
    <section className="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t("forum.preview")}</h2>
      <div className="post-body" dangerouslySetInnerHTML={{ __html: html }} />
    </section>
  );
}
