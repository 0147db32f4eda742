import pino, { type Logger } from "pino";
import type { Config } from "./config";

export type { Logger };

/** Paths that may carry secrets; pino replaces their values before a line is written. */
const redactedPaths = [
  "password",
  "token",
  "*.password",
  "*.token",
  "req.headers.cookie",
  "req.headers.authorization",
  "res.headers['set-cookie']",
];

export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    base: undefined,
  });
}
