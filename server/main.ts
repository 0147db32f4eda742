import { ConfigError, type Config, loadConfig } from "./config";
import { MigrationError } from "../db/migrator";
import type { RunningServer } from "./boot";

/** Reads the configuration or stops the process with a message naming each bad variable. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Prints why start-up failed (a failed migration names itself) and exits. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof MigrationError) {
    console.error(`Enlace could not start: ${error.message}`);
  } else {
    console.error("Enlace could not start:", error instanceof Error ? error.message : error);
    if (error instanceof Error && error.stack) console.error(error.stack);
  }
  process.exit(1);
}

export function closeOnSignals(server: RunningServer): void {
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    server.deps.logger.info({ signal }, "shutting down");
    server.http.close();
    server
      .close()
      .catch(() => {})
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGINT", () => close("SIGINT"));
  process.on("SIGTERM", () => close("SIGTERM"));
}
