// Runs the real server (`tsx server/start.ts`, the production build) as a child process in its own
// process group, so a test can SIGKILL it at any moment and start it again on the same data.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** kill -9 of the whole process group (npx/tsx and node), then waits for the exit. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts Enlace on a free port and waits until /healthz answers 200. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "server/start.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let dead = false;
  void exited.then(() => (dead = true));
  const kill = async (signal: NodeJS.Signals) => {
    if (dead) return;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
    await exited;
  };
  const started = Date.now();
  for (;;) {
    if (dead) throw new Error(`the server exited during start-up:\n${log}`);
    if (Date.now() - started > timeoutMs) {
      await kill("SIGKILL");
      throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${log}`);
    }
    const ok = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    output: () => log,
    kill9: () => kill("SIGKILL"),
    stop: () => kill("SIGTERM"),
  };
}
