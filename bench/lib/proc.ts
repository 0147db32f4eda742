// Child processes pinned to a core with taskset, waiting for them to answer, and reading their memory.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import path from "node:path";
import { sleep } from "./stats";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TSX_LOADER = ["--import", "tsx"];
/** What `npm start` runs: the compiled server (build/app/start.js), through its launcher. */
export const START_SCRIPT = "server/start.mjs";

let tasksetChecked: boolean | undefined;
export function hasTaskset(): boolean {
  tasksetChecked ??= spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  return tasksetChecked;
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

/** Spawns `command args` pinned to `cpu` (when taskset works and the machine has that core). */
export function spawnPinned(cpu: number | null, command: string, args: string[], env: Record<string, string | undefined> = {}): Child {
  const pinned = cpu !== null && hasTaskset();
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const proc = pinned
    ? spawn("taskset", ["-c", String(cpu), command, ...args], { cwd: ROOT, env: merged as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(command, args, { cwd: ROOT, env: merged as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return {
    proc,
    // taskset execs the command, so the pid is the command's own.
    pid: proc.pid!,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      const timeout = sleep(10_000).then(() => "timeout");
      if ((await Promise.race([exited, timeout])) === "timeout") {
        proc.kill("SIGKILL");
        await exited;
      }
    },
  };
}

/** Polls `url` until it answers 200; answers the milliseconds waited. */
export async function waitForOk(url: string, timeoutMs = 60_000, child?: Child): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child && (child.proc.exitCode !== null || child.proc.signalCode !== null)) {
      throw new Error(`process exited before answering ${url}:\n${child.output()}`);
    }
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`no 200 from ${url} within ${timeoutMs} ms${child ? `:\n${child.output()}` : ""}`);
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** A port free right now (the OS picks it), so runs never collide with other servers on the machine. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
