// Uploads are written to a staging folder under random names while they arrive (counting and hashing as
// they go), then checked and moved into the storage by the service. The HTTP layer streams into it
// (web/lib/multipart.server.ts); the seed and the tests stage bytes they already hold.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../../shared/errors";
import type { StagedFile } from "../../../shared/schemas/document.schema";
import type { DocumentsConfig } from "../../config";

/** A fresh path in the staging folder (the folder is created when missing). */
export async function newStagingPath(config: DocumentsConfig): Promise<string> {
  await mkdir(config.stagingDir, { recursive: true });
  return path.join(config.stagingDir, `${randomBytes(16).toString("hex")}.upload`);
}

/** Stages bytes already in memory, as an upload would have. */
export async function stageBuffer(config: DocumentsConfig, bytes: Uint8Array, name: string): Promise<StagedFile> {
  const file = await newStagingPath(config);
  await writeFile(file, bytes);
  return { path: file, name, size: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** Refuses a staged path outside the staging folder: a service is never told to ingest an arbitrary file. */
export function checkStagedPath(config: DocumentsConfig, file: StagedFile): string {
  const resolved = path.resolve(file.path);
  const folder = path.resolve(config.stagingDir) + path.sep;
  if (!resolved.startsWith(folder) || !/^[0-9a-f]{32}\.upload$/.test(path.basename(resolved))) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { file: "document.file_required" } });
  }
  return resolved;
}

/** Removes a staged file (done or not; one already moved to the storage is simply gone). Only ever in the staging folder. */
export async function discardStaged(config: DocumentsConfig, file: unknown): Promise<void> {
  const given = typeof file === "object" && file !== null ? (file as { path?: unknown }).path : undefined;
  if (typeof given !== "string") return;
  let staged: string;
  try {
    staged = checkStagedPath(config, { path: given, name: "", size: 0, sha256: "0".repeat(64) });
  } catch {
    return;
  }
  await unlink(staged).catch(() => {});
}
