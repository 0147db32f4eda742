// Glue for the document bank's upload routes: read the multipart form (streamed to the staging folder),
// call one service, and answer with where to go next or with translated errors and the values typed.
import type { AppLoadContext } from "@remix-run/node";
import { isAppError } from "../../shared/errors";
import type { ActionFailure } from "./action-result";
import { translatorFor } from "./http.server";
import { discardBody, drainCap, readUploadForm } from "./multipart.server";

export type UploadOutcome = { ok: true; url: string; documentId: number } | { ok: false; status: number; failure: ActionFailure & { values: Record<string, string> } };

/** Uploads a new document, or (with documentId) a new version of one. NOT_FOUND becomes the 404 page. */
export async function receiveUpload(context: AppLoadContext, request: Request, documentId?: number): Promise<UploadOutcome> {
  const { documents } = context.services;
  let values: Record<string, string> = {};
  if (!context.state.account) {
    // Read (and drop) what was sent, so the answer reaches the browser on a healthy connection.
    if (request.body) await discardBody(request.body, drainCap(context.ctx.deps.config.documents));
    const t = translatorFor(context);
    return { ok: false, status: 401, failure: { ok: false, code: "UNAUTHENTICATED", key: "errors.sign_in_required", message: t("errors.sign_in_required"), fieldErrors: {}, values } };
  }
  try {
    const form = await readUploadForm(request, context.ctx.deps.config.documents);
    values = form.fields;
    if (documentId !== undefined) {
      const added = await documents.uploadVersion(context.ctx, { documentId, file: form.file });
      return { ok: true, url: `/documents/${added.documentId}?added=${added.number}`, documentId: added.documentId };
    }
    const created = await documents.upload(context.ctx, { ...form.fields, file: form.file });
    return { ok: true, url: `/documents/${created.documentId}`, documentId: created.documentId };
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "NOT_FOUND") throw new Response("Not Found", { status: 404 });
    const t = translatorFor(context);
    const vars = { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) };
    return {
      ok: false,
      status: error.status,
      failure: {
        ok: false,
        code: error.code,
        key: error.messageKey,
        message: t(error.messageKey, vars),
        fieldErrors: Object.fromEntries(Object.entries(error.fieldErrors ?? {}).map(([field, key]) => [field, t(key)])),
        values,
      },
    };
  }
}
