// Checks a staged upload before anything is stored: where it is, its size, what it really is (magic bytes),
// a safe name that matches its kind, and (for PDFs) its text for search.
import { stat } from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import { AppError } from "../../../shared/errors";
import type { StagedFile } from "../../../shared/schemas/document.schema";
import type { DocumentsConfig } from "../../config";
import type { Logger } from "../../logger";
import { classifyFile, type FileKind } from "./file-kinds";
import { neutraliseFileName } from "./file-names";
import { checkOfficeContainerFile, isZipContainerKind } from "./office-container";
import { extractPdfText } from "./pdf-text";
import { checkStagedPath } from "./staging";

export interface InspectedFile {
  path: string;
  size: number;
  sha256: string;
  kind: FileKind;
  fileName: string;
  text: string;
}

const fileError = (key: string) => new AppError("VALIDATION", "validation.failed", { fieldErrors: { file: key } });

export async function inspectStagedFile(config: DocumentsConfig, file: StagedFile, logger?: Logger): Promise<InspectedFile> {
  const filePath = checkStagedPath(config, file);
  const size = (await stat(filePath).catch(() => undefined))?.size;
  if (size === undefined || size === 0) throw fileError("document.file_required");
  if (size > config.maxBytes) throw fileError("document.file_too_large");
  const detected = await fileTypeFromFile(filePath).catch(() => undefined);
  const verdict = classifyFile(detected?.ext, file.name);
  if (!verdict.ok) throw fileError(verdict.reason === "mismatch" ? "document.file_type_mismatch" : "document.file_type_unsupported");
  if (isZipContainerKind(verdict.kind)) {
    // The first bytes said docx (or xlsx, odt...): the archive's index must agree, without unpacking anything.
    const container = await checkOfficeContainerFile(filePath, verdict.kind);
    if (!container.ok) {
      // The detail may quote entry names (the document's content): it is not logged.
      logger?.info({ kind: verdict.kind.ext, reason: container.reason }, "an office upload was refused");
      throw fileError(container.reason === "too_large" ? "document.file_archive_too_large" : "document.file_archive_invalid");
    }
  }
  const text = verdict.kind.ext === "pdf" ? await extractPdfText(filePath, logger) : "";
  return { path: filePath, size, sha256: file.sha256, kind: verdict.kind, fileName: neutraliseFileName(file.name, verdict.kind), text };
}
