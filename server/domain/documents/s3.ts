// A small S3 client (PUT, GET, DELETE of one object) signed with AWS Signature Version 4, for any
// S3-compatible store (AWS S3, MinIO, Ceph, R2) addressed path-style. Why not the AWS SDK:
// docs/decisions/016-document-bank.md. tests/unit/s3-signature.test.ts checks the signer against AWS's
// published example and the client against a fake store.
import { createHash, createHmac } from "node:crypto";
import { createReadStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");

/** RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else is %XX (uppercase). */
export function uriEncode(value: string, keepSlash = false): string {
  return [...Buffer.from(value, "utf8")]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-._~]/.test(char) || (keepSlash && char === "/")) return char;
      return `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
}

export interface SignInput {
  method: string;
  /** The path as sent, already URI-encoded. */
  path: string;
  query?: Record<string, string>;
  /** Headers to sign (host, x-amz-date and x-amz-content-sha256 must be among them); names in any case. */
  headers: Record<string, string>;
  payloadHash: string;
  region: string;
  service?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** YYYYMMDDTHHMMSSZ, the same as the x-amz-date header. */
  amzDate: string;
}

/** The Authorization header value of a SigV4 request. */
export function signV4(input: SignInput): { authorization: string; signature: string; canonicalRequest: string } {
  const service = input.service ?? "s3";
  const headers = Object.entries(input.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, " ")] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([name]) => name).join(";");
  const query = Object.entries(input.query ?? {})
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalRequest = [
    input.method,
    input.path,
    query,
    headers.map(([name, value]) => `${name}:${value}\n`).join(""),
    signedHeaders,
    input.payloadHash,
  ].join("\n");
  const date = input.amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", input.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, date), input.region), service), "aws4_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    signature,
    canonicalRequest,
  };
}

export function amzDateOf(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "S3Error";
  }
}

export interface S3Client {
  putObject(key: string, file: { path: string; size: number; sha256: string; contentType: string }): Promise<void>;
  getObject(key: string): Promise<Readable>;
  deleteObject(key: string): Promise<void>;
}

export function createS3Client(options: S3Options, now: () => Date = () => new Date()): S3Client {
  const endpoint = new URL(options.endpoint);
  const basePath = endpoint.pathname.replace(/\/+$/, "");
  const transport = endpoint.protocol === "https:" ? https : http;

  function request(method: string, key: string, extra: { payloadHash: string; headers?: Record<string, string>; body?: () => Readable }) {
    const path = `${basePath}/${uriEncode(options.bucket)}/${uriEncode(key, true)}`;
    const amzDate = amzDateOf(now());
    const signed: Record<string, string> = {
      host: endpoint.host,
      "x-amz-date": amzDate,
      "x-amz-content-sha256": extra.payloadHash,
    };
    const { authorization } = signV4({
      method,
      path,
      headers: signed,
      payloadHash: extra.payloadHash,
      region: options.region,
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      amzDate,
    });
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = transport.request(
        { method, hostname: endpoint.hostname, port: endpoint.port || undefined, path, headers: { ...signed, ...extra.headers, authorization }, timeout: 60_000 },
        resolve,
      );
      req.on("error", reject);
      req.on("timeout", () => req.destroy(new S3Error(0, "S3 request timed out")));
      if (extra.body) {
        const body = extra.body();
        body.on("error", (error) => req.destroy(error));
        body.pipe(req);
      } else {
        req.end();
      }
    });
  }

  async function expectOk(response: http.IncomingMessage, what: string, allowed: number[] = []): Promise<void> {
    const status = response.statusCode ?? 0;
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    if ((status < 200 || status >= 300) && !allowed.includes(status)) {
      // The error body is XML naming the code (NoSuchKey, SignatureDoesNotMatch...), never the secret.
      const code = Buffer.concat(chunks).toString("utf8").match(/<Code>([^<]{1,100})<\/Code>/)?.[1] ?? "";
      throw new S3Error(status, `S3 ${what} failed with status ${status}${code ? ` (${code})` : ""}`);
    }
  }

  return {
    async putObject(key, file) {
      const response = await request("PUT", key, {
        payloadHash: file.sha256,
        headers: { "content-length": String(file.size), "content-type": file.contentType },
        body: () => createReadStream(file.path),
      });
      await expectOk(response, "PUT");
    },
    async getObject(key) {
      const response = await request("GET", key, { payloadHash: EMPTY_SHA256 });
      if (response.statusCode !== 200) {
        await expectOk(response, "GET");
        throw new S3Error(response.statusCode ?? 0, "S3 GET did not answer 200");
      }
      return response;
    },
    async deleteObject(key) {
      const response = await request("DELETE", key, { payloadHash: EMPTY_SHA256 });
      await expectOk(response, "DELETE", [404]);
    },
  };
}
