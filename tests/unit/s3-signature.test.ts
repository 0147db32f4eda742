// The S3 store's signer against the examples AWS publishes for Signature Version 4 ("Examples: signature
// calculations in AWS Signature Version 4", Amazon S3 API reference), and its client against a fake store.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client, EMPTY_SHA256, signV4 } from "../../server/domain/documents/s3";

const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1", amzDate: "20130524T000000Z" };
const host = "examplebucket.s3.amazonaws.com";

describe("SigV4 signer", () => {
  it("GET object with a Range header", () => {
    const signed = signV4({
      ...credentials,
      method: "GET",
      path: "/test.txt",
      headers: { Host: host, Range: "bytes=0-9", "x-amz-content-sha256": EMPTY_SHA256, "x-amz-date": credentials.amzDate },
      payloadHash: EMPTY_SHA256,
    });
    expect(signed.signature).toBe("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    expect(signed.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });

  it("PUT object with a payload hash and an encoded key", () => {
    const payloadHash = createHash("sha256").update("Welcome to Amazon S3.").digest("hex");
    expect(payloadHash).toBe("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    const signed = signV4({
      ...credentials,
      method: "PUT",
      path: "/test%24file.text",
      headers: {
        Host: host,
        Date: "Fri, 24 May 2013 00:00:00 GMT",
        "x-amz-date": credentials.amzDate,
        "x-amz-storage-class": "REDUCED_REDUNDANCY",
        "x-amz-content-sha256": payloadHash,
      },
      payloadHash,
    });
    expect(signed.signature).toBe("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  });

  it("GET with a query string (list objects)", () => {
    const signed = signV4({
      ...credentials,
      method: "GET",
      path: "/",
      query: { "max-keys": "2", prefix: "J" },
      headers: { Host: host, "x-amz-content-sha256": EMPTY_SHA256, "x-amz-date": credentials.amzDate },
      payloadHash: EMPTY_SHA256,
    });
    expect(signed.signature).toBe("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  });
});

describe("S3 client against a fake store", () => {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const seen: { method: string; url: string; authorization: string; sha: string }[] = [];
  const options = { bucket: "enlace-docs", region: "sa-east-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret/key+example" };
  let endpoint = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(["host", "x-amz-date", "x-amz-content-sha256"].map((name) => [name, String(req.headers[name])]));
      const expected = signV4({ ...options, method: req.method!, path: req.url!, headers, payloadHash: headers["x-amz-content-sha256"], amzDate: headers["x-amz-date"] });
      seen.push({ method: req.method!, url: req.url!, authorization: String(req.headers.authorization), sha: headers["x-amz-content-sha256"] });
      if (req.headers.authorization !== expected.authorization) {
        res.writeHead(403).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
        return;
      }
      const key = req.url!;
      if (req.method === "PUT") {
        if (createHash("sha256").update(body).digest("hex") !== headers["x-amz-content-sha256"]) return void res.writeHead(400).end("<Error><Code>XAmzContentSHA256Mismatch</Code></Error>");
        objects.set(key, { body, type: String(req.headers["content-type"]) });
        return void res.writeHead(200).end();
      }
      if (req.method === "GET") {
        const object = objects.get(key);
        if (!object) return void res.writeHead(404).end("<Error><Code>NoSuchKey</Code></Error>");
        return void res.writeHead(200, { "content-type": object.type }).end(object.body);
      }
      if (req.method === "DELETE") {
        objects.delete(key);
        return void res.writeHead(204).end();
      }
      res.writeHead(405).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("puts, gets and deletes an object with signed, path-style requests", async () => {
    const client = createS3Client({ ...options, endpoint });
    const dir = mkdtempSync(path.join(os.tmpdir(), "enlace-s3-"));
    const file = path.join(dir, "staged.upload");
    const bytes = Buffer.from("%PDF-1.4 a small document");
    writeFileSync(file, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    await client.putObject("ab/cd/abcdef0123456789abcdef0123456789", { path: file, size: bytes.length, sha256, contentType: "application/pdf" });
    expect(seen.at(-1)).toMatchObject({ method: "PUT", url: "/enlace-docs/ab/cd/abcdef0123456789abcdef0123456789", sha: sha256 });
    expect(seen.at(-1)!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/sa-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);

    const stream = await client.getObject("ab/cd/abcdef0123456789abcdef0123456789");
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);

    await client.deleteObject("ab/cd/abcdef0123456789abcdef0123456789");
    await expect(client.getObject("ab/cd/abcdef0123456789abcdef0123456789")).rejects.toThrow(/404 \(NoSuchKey\)/);
    // Deleting what is already gone is fine.
    await client.deleteObject("ab/cd/abcdef0123456789abcdef0123456789");
  });

  it("reports a refused signature without echoing the secret", async () => {
    const client = createS3Client({ ...options, secretAccessKey: "wrong-secret", endpoint });
    const dir = mkdtempSync(path.join(os.tmpdir(), "enlace-s3-"));
    const file = path.join(dir, "staged.upload");
    writeFileSync(file, "x");
    const error = await client.putObject("ab/cd/00000000000000000000000000000000", { path: file, size: 1, sha256: createHash("sha256").update("x").digest("hex"), contentType: "application/pdf" }).catch((caught: Error) => caught);
    expect(String(error)).toMatch(/403 \(SignatureDoesNotMatch\)/);
    expect(String(error)).not.toContain("wrong-secret");
  });
});

describe("the storage switch in the configuration", () => {
  it("keeps files on disk under DATA_DIR/files by default, and refuses STORAGE=s3 without a bucket and keys", async () => {
    const { loadConfig, ConfigError } = await import("../../server/config");
    const config = loadConfig({ DATA_DIR: "/srv/enlace" });
    expect(config.documents).toMatchObject({ maxBytes: 25 * 1024 * 1024, stagingDir: "/srv/enlace/uploads", storage: { kind: "disk", dir: "/srv/enlace/files" } });
    expect(loadConfig({ UPLOAD_MAX_MB: "0.5" }).documents.maxBytes).toBe(512 * 1024);
    const s3 = loadConfig({ STORAGE: "s3", STORAGE_BUCKET: "docs", STORAGE_ACCESS_KEY_ID: "id", STORAGE_SECRET_ACCESS_KEY: "top-secret", STORAGE_REGION: "sa-east-1" });
    expect(s3.documents.storage).toEqual({ kind: "s3", endpoint: "https://s3.sa-east-1.amazonaws.com", bucket: "docs", region: "sa-east-1", accessKeyId: "id", secretAccessKey: "top-secret" });
    let problems: string[] = [];
    try {
      loadConfig({ STORAGE: "s3", STORAGE_SECRET_ACCESS_KEY: "top-secret", STORAGE_ENDPOINT: "ftp://x" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as InstanceType<typeof ConfigError>).problems;
    }
    expect(problems.map((problem) => problem.split(":")[0]).sort()).toEqual(["STORAGE_ACCESS_KEY_ID", "STORAGE_BUCKET", "STORAGE_ENDPOINT"]);
    expect(problems.join("\n")).not.toContain("top-secret");
    expect(() => loadConfig({ UPLOAD_MAX_MB: "lots" })).toThrow(/UPLOAD_MAX_MB/);
  });
});
