/**
 * Timing and the report of bench/run.ts: each step timed N times (min and median), the JS heap
 * and ArrayBuffers sampled after every step, the rows of the report and their table.
 */
import { printTable } from './table.ts';

// ---- memory: RSS high-water from the OS, JS heap sampled after every step ----
let heapPeak = 0;
let externalPeak = 0;
export function sampleMemory(): void {
  const m = process.memoryUsage();
  heapPeak = Math.max(heapPeak, m.heapUsed);
  externalPeak = Math.max(externalPeak, m.arrayBuffers);
}

export function time<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  const ms = performance.now() - t;
  sampleMemory();
  return { ms, value };
}
/** n runs of f, fewer when a run takes over `budgetMs` (keeps the whole bench near 2 minutes). */
export function repeat(n: number, f: () => void, budgetMs = 4000): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    out.push(time(f).ms);
    if (out[k] > budgetMs) break;
  }
  return out;
}
export const minOf = (a: number[]) => Math.min(...a);
export function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
export function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

export interface Row {
  step: string;
  times?: number[];
  text?: string;
  /** Target in ms (compared with the median), or null. */
  target: number | null;
  targetText: string;
  /** Over target (for rows given as text). */
  over?: boolean;
}
export const rows: Row[] = [];
export function add(
  step: string,
  times: number[],
  target: number | null,
  targetText = target === null ? '—' : `< ${fmt(target)}`,
): void {
  rows.push({ step, times, target, targetText });
  process.stderr.write(`  ${step}: min ${fmt(minOf(times))}, median ${fmt(median(times))}\n`);
}

/** Stops the memory sampler and adds the peak-memory row (RSS high-water from the OS, the sampled peaks). */
export function addMemoryRow(sampler: ReturnType<typeof setInterval>): void {
  clearInterval(sampler);
  sampleMemory();
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  rows.push({
    step: 'peak memory: RSS high-water (OS) / JS heap used (sampled) / ArrayBuffers (sampled)',
    text: `${(maxRssBytes / 2 ** 20).toFixed(0)} MiB / ${(heapPeak / 2 ** 20).toFixed(0)} MiB / ${(externalPeak / 2 ** 20).toFixed(0)} MiB`,
    target: null,
    targetText: '< 1 GB',
    over: maxRssBytes > 1e9,
  });
}

/** Prints the rows as a table: min / median of N against the target, OVER where the median is over it. */
export function printRows(): void {
  const lines: string[][] = [['step', `measured (min / median of N)`, 'target', '']];
  for (const r of rows) {
    if (r.times) {
      const med = median(r.times);
      const over = r.target !== null && med > r.target;
      lines.push([
        r.step,
        r.times.length === 1
          ? `${fmt(r.times[0])} (N=1)`
          : `${fmt(minOf(r.times))} / ${fmt(med)} (N=${r.times.length})`,
        r.targetText,
        over ? 'OVER' : '',
      ]);
    } else lines.push([r.step, r.text ?? '', r.targetText, r.over ? 'OVER' : '']);
  }
  printTable(lines);
}
