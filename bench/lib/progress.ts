// A one-line progress bar on stderr (a plain line per update when stderr is not a terminal).
export interface Progress {
  update(done: number): void;
  done(): void;
}

export function progress(label: string, total: number, quiet = false): Progress {
  const started = Date.now();
  let last = 0;
  const tty = process.stderr.isTTY;
  const render = (done: number, final: boolean) => {
    if (quiet) return;
    const now = Date.now();
    if (!final && now - last < (tty ? 200 : 5_000)) return;
    last = now;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const eta = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
    const line = `${label.padEnd(8)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${(share * 100).toFixed(0)}% ${rate}/s ${final ? `${seconds.toFixed(1)} s` : `eta ${eta.toFixed(0)} s`}`;
    if (tty) process.stderr.write(`\r${line}${final ? "\n" : ""}`);
    else process.stderr.write(`${line}\n`);
  };
  return { update: (done) => render(done, false), done: () => render(total, true) };
}
