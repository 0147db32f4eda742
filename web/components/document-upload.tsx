import { useNavigate } from "@remix-run/react";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useLocale, useT } from "../lib/i18n";
import { FormMessage } from "./form";

/** A failure as the upload routes answer it (translated message, translated field errors, the values typed). */
export interface UploadFailureView {
  message: string;
  fieldErrors: Record<string, string>;
  values?: Record<string, string>;
}

type Phase = "idle" | "uploading" | "processing" | "done" | "error";

/**
 * A file size for people: "830 kB", "2,4 MB". Written by hand rather than with Intl, whose unit formats differ
 * between the server's and the browser's ICU (a hydration mismatch would reset the form's file input).
 */
export function formatBytes(size: number, locale: string): string {
  const units = ["B", "kB", "MB", "GB"] as const;
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatDecimal(value, unit >= 2 ? 1 : 0, locale)} ${units[unit]}`;
}

/** A number with at most `digits` decimals and the locale's decimal sign (comma in Spanish and Portuguese). */
export function formatDecimal(value: number, digits: number, locale: string): string {
  const text = String(Number(value.toFixed(digits)));
  return locale === "en" ? text : text.replace(".", ",");
}

/**
 * A multipart upload form that works as a plain form POST without JavaScript (to `action`); with it, the
 * same form data goes to `uploadUrl` by XMLHttpRequest, whose upload progress drives a <progress> bar, and
 * the page moves on to the answer's address (or shows its errors in place).
 */
export function UploadForm({
  action,
  uploadUrl,
  maxBytes,
  serverFailure,
  submitLabel,
  id,
  children,
}: {
  action: string;
  uploadUrl: string;
  maxBytes: number;
  serverFailure?: UploadFailureView;
  submitLabel: string;
  id: string;
  children: (failure: UploadFailureView | undefined) => ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const [phase, setPhase] = useState<Phase>("idle");
  const [percent, setPercent] = useState(0);
  const [clientFailure, setClientFailure] = useState<UploadFailureView | undefined>();
  const messageRef = useRef<HTMLDivElement>(null);
  const failure = clientFailure ?? serverFailure;
  const busy = phase === "uploading" || phase === "processing" || phase === "done";
  const maxMb = formatDecimal(maxBytes / (1024 * 1024), 1, locale);

  const showFailure = (next: UploadFailureView) => {
    setPhase("error");
    setClientFailure(next);
    requestAnimationFrame(() => messageRef.current?.focus());
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (typeof XMLHttpRequest === "undefined" || typeof FormData === "undefined") return;
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = data.get("file");
    if (file instanceof File && file.size > maxBytes) {
      const message = t("document.file_too_large_max", { max: maxMb });
      showFailure({ message, fieldErrors: { file: message } });
      return;
    }
    const request = new XMLHttpRequest();
    request.open("POST", uploadUrl);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable && progress.total > 0) setPercent(Math.min(100, Math.floor((progress.loaded / progress.total) * 100)));
    });
    request.upload.addEventListener("load", () => {
      setPercent(100);
      setPhase("processing");
    });
    request.addEventListener("load", () => {
      const body = request.response as { ok?: boolean; url?: string; message?: string; fieldErrors?: Record<string, string> } | null;
      if (request.status >= 200 && request.status < 300 && body?.ok && typeof body.url === "string" && body.url.startsWith("/")) {
        setPercent(100);
        setPhase("done");
        navigate(body.url);
        return;
      }
      showFailure({ message: body?.message ?? t("errors.server_body"), fieldErrors: body?.fieldErrors ?? {} });
    });
    request.addEventListener("error", () => showFailure({ message: t("document.network_error"), fieldErrors: {} }));
    request.addEventListener("abort", () => showFailure({ message: t("document.network_error"), fieldErrors: {} }));
    setClientFailure(undefined);
    setPercent(0);
    setPhase("uploading");
    request.send(data);
  }

  // Announced politely, in steps of a tenth, so a screen reader is not flooded.
  const status =
    phase === "uploading"
      ? t("document.uploading", { percent: Math.floor(percent / 10) * 10 })
      : phase === "processing"
        ? t("document.processing")
        : phase === "done"
          ? t("document.upload_done")
          : "";

  return (
    <form method="post" action={action} encType="multipart/form-data" className="stack upload-form" id={id} onSubmit={onSubmit} aria-busy={busy || undefined}>
      <div ref={messageRef} tabIndex={-1}>
        {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      </div>
      {children(failure)}
      <div className="upload-progress" data-state={phase} data-percent={percent} hidden={phase === "idle" || phase === "error"}>
        <label htmlFor={`${id}-progress`}>{t("document.progress_label")}</label>
        <progress id={`${id}-progress`} max={100} value={percent}>
          {percent}%
        </progress>
      </div>
      <p className="hint upload-status" role="status">
        {status}
      </p>
      <p>
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {submitLabel}
        </button>
      </p>
    </form>
  );
}
