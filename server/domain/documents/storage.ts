// Where document files live, behind one small interface: a folder on disk (DATA_DIR/files, the default) or an
// S3-compatible bucket (STORAGE=s3). Keys are random (see newStorageKey); people's file names never reach it.
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, unlink } from "node:fs/promises";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { StorageConfig } from "../../config";
import { createS3Client } from "./s3";

export interface StoredFileInput {
  /** A staged file; the store takes it over (moves it) or copies it, and the caller discards the staged copy. */
  path: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface FileStore {
  kind: StorageConfig["kind"];
  put(key: string, file: StoredFileInput): Promise<void>;
  /** The file's bytes; throws when the key is unknown. */
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

/** A random key: two levels of folders, then 32 hex characters (128 bits, never guessable). */
export function newStorageKey(): string {
  const hex = randomBytes(16).toString("hex");
  return `${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`;
}

const KEY_SHAPE = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/;

function checkKey(key: string): string {
  if (!KEY_SHAPE.test(key)) throw new Error("invalid storage key");
  return key;
}

export function createDiskStore(dir: string): FileStore {
  const pathOf = (key: string) => path.join(dir, ...checkKey(key).split("/"));
  return {
    kind: "disk",
    async put(key, file) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(file.path, target);
      } catch (error) {
        // The staging folder may sit on another file system than the files folder.
        if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
        await copyFile(file.path, target);
      }
    },
    async read(key) {
      const stream = createReadStream(pathOf(key));
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", reject);
      });
      return stream;
    },
    async remove(key) {
      await unlink(pathOf(key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    },
  };
}

export function createS3Store(config: Extract<StorageConfig, { kind: "s3" }>): FileStore {
  const client = createS3Client(config);
  return {
    kind: "s3",
    put: (key, file) => client.putObject(checkKey(key), file),
    read: (key) => client.getObject(checkKey(key)),
    remove: (key) => client.deleteObject(checkKey(key)),
  };
}

const stores = new WeakMap<StorageConfig, FileStore>();

/** The store a configuration names (one per configuration object). */
export function fileStoreFor(config: StorageConfig): FileStore {
  let store = stores.get(config);
  if (!store) {
    store = config.kind === "s3" ? createS3Store(config) : createDiskStore(config.dir);
    stores.set(config, store);
  }
  return store;
}
