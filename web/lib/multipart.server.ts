// Reads a multipart upload form as it streams in (busboy): text fields into memory (small), the one file
// part straight to a random name in the staging folder, counted and hashed on the way. The size limit is
// enforced while streaming: past it the file is cut, its staged copy deleted, and the upload refused. A
// declared Content-Length already over the limit is refused without writing anything.
//
// A refused body is still read to its end (and thrown away) before the answer goes out, so the browser sees
// the error message rather than a reset connection, and the connection stays usable; past DRAIN_CAP
// (a client sending far more than it may) the connection is cut instead.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import busboy from "busboy";
import { AppError } from "../../shared/errors";
import type { StagedFile } from "../../shared/schemas/document.schema";

export interface UploadForm {
  fields: Record<string, string>;
  file: StagedFile | null;
}

export interface UploadLimits {
  maxBytes: number;
  stagingDir: string;
}

/** Room for the text fields and multipart boundaries around the file. */
const FORM_OVERHEAD = 256 * 1024;

const fileError = (key: string) => new AppError("VALIDATION", "validation.failed", { fieldErrors: { file: key } });

/** How much of a refused body is read and discarded before the connection is cut instead. */
export function drainCap(limits: UploadLimits): number {
  return Math.max(4 * limits.maxBytes, 100 * 1024 * 1024);
}

/** Reads a body to its end, discarding it; cancels it (cutting the connection) past the cap. */
export async function discardBody(body: ReadableStream<Uint8Array>, cap: number): Promise<void> {
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > cap) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing left to drain.
  }
}

export async function readUploadForm(request: Request, limits: UploadLimits): Promise<UploadForm> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data;/i.test(contentType) || !request.body) throw fileError("document.file_required");
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limits.maxBytes + FORM_OVERHEAD) {
    await discardBody(request.body, drainCap(limits));
    throw fileError("document.file_too_large");
  }
  await mkdir(limits.stagingDir, { recursive: true });

  return new Promise<UploadForm>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let staged: StagedFile | null = null;
    let writing: Promise<void> = Promise.resolve();
    let failure: Error | null = null;
    let settled = false;

    // The first problem is remembered and answered once the parser has read the whole body.
    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      void writing.finally(() => (staged ? unlink(staged.path).catch(() => {}) : undefined));
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      if (failure) reject(failure);
      else resolve({ fields, file: staged && staged.sha256 ? staged : null });
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        defParamCharset: "utf8",
        limits: { fileSize: limits.maxBytes, files: 1, fields: 40, parts: 45, fieldSize: 64 * 1024, fieldNameSize: 100, headerPairs: 50 },
      });
    } catch {
      reject(fileError("document.file_required"));
      return;
    }

    parser.on("file", (name, stream, info) => {
      if (name !== "file" || staged || failure || !info.filename) {
        // Other file inputs, a second file, or an empty file input (no file chosen): read and dropped.
        stream.resume();
        return;
      }
      const filePath = path.join(limits.stagingDir, `${randomBytes(16).toString("hex")}.upload`);
      const hash = createHash("sha256");
      let size = 0;
      const out = createWriteStream(filePath, { flags: "wx" });
      staged = { path: filePath, name: info.filename, size: 0, sha256: "" };
      const current = staged;
      writing = new Promise<void>((done) => {
        out.on("close", () => done());
      });
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      stream.on("limit", () => {
        // Past the limit: stop writing, delete what was written, and let the parser drain the rest.
        stream.unpipe(out);
        out.destroy();
        stream.resume();
        fail(fileError("document.file_too_large"));
      });
      stream.on("end", () => {
        current.size = size;
        current.sha256 = hash.digest("hex");
      });
      out.on("error", (error) => fail(error));
      stream.pipe(out);
    });

    parser.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail(new AppError("VALIDATION", "validation.failed", { fieldErrors: { [name.slice(0, 100)]: "validation.too_long" } }));
      if (name === "file" || Object.hasOwn(fields, name)) return;
      fields[name] = value;
    });
    for (const event of ["filesLimit", "fieldsLimit", "partsLimit"] as const) {
      parser.on(event, () => fail(new AppError("VALIDATION", "validation.invalid")));
    }
    parser.on("error", () => {
      // A malformed body: stop here (what is left of it is not read).
      fail(new AppError("VALIDATION", "validation.invalid"));
      void writing.then(finish);
    });
    parser.on("close", () => void writing.then(finish));

    // A body sent without a Content-Length (chunked) is bounded too: far past the limit the request is cut.
    let total = 0;
    const cap = drainCap(limits);
    const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        total += chunk.length;
        if (total > cap) {
          fail(fileError("document.file_too_large"));
          source.destroy();
          void writing.then(finish);
          callback();
          return;
        }
        callback(null, chunk);
      },
    });
    source.on("error", () => {
      fail(new AppError("VALIDATION", "validation.invalid"));
      void writing.then(finish);
    });
    source.pipe(counter).pipe(parser);
  });
}
