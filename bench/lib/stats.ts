// Small statistics helpers: figures are medians of interleaved pairs, latencies percentiles of samples.
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values: number[]) => percentile(values, 50);

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A B A B interleaving: runs `a` then `b` `pairs` times (the order flips every other pair so neither side
 * always runs second) and answers both series plus the per-pair ratios a/b.
 */
export async function interleave<T>(pairs: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const as: T[] = [];
  const bs: T[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return { a: as, b: bs };
}

/** Median of per-pair ratios (more robust on a noisy machine than the ratio of medians). */
export function pairedRatio(a: number[], b: number[]): number {
  return median(a.map((value, index) => value / b[index]));
}
