// HTTP load with autocannon (in this process, which runs pinned to the load core).
import autocannon from "autocannon";
import http from "node:http";

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  /** Answers each request's body (POST). */
  body?: () => string;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    method: options.method ?? "GET",
    // A fresh body per request (autocannon applies setupRequest from the requests list).
    ...(options.body ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: options.body!() }) }] } : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One GET with the bytes exactly as they travel (no decompression). */
export function getRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** Sequential requests: answers each one's latency in ms. */
export async function sequentialLatencies(
  urls: () => string,
  count: number,
  headers: Record<string, string> | (() => Record<string, string>) = {},
): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.get(urls(), { headers: typeof headers === "function" ? headers() : headers, agent }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        });
        request.on("error", reject);
      });
      if (status !== 200) throw new Error(`GET answered ${status}`);
      out.push(performance.now() - started);
    }
  } finally {
    agent.destroy();
  }
  return out;
}
