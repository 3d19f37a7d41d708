/**
 * Large input: crime CSVs stream into the session (AnalysisSession.addCrimeStream) chunk by
 * chunk, as the worker does with File.stream(). A synthetic police.uk stream is generated on
 * the fly (bench/generate.ts rows, body repeated) so no big file is ever held whole.
 *
 * Default: a 256 MB stream (a few seconds). HOTSPOT_BIG=1 adds a 1 GB run that prints time and
 * peak RSS (Node's maxRSS covers the whole test process).
 */
import { describe, expect, it } from 'vitest';
import { AnalysisSession, STREAM_LIMITS } from '../../src/analysis/session.ts';
import { generatePoliceUkCsv } from '../../bench/generate.ts';
import { REJECT_REASONS } from '../../src/core/types.ts';
import type { AnalysisParams } from '../../src/analysis/sessionTypes.ts';

const NOW = new Date(Date.UTC(2025, 0, 15));
const ALL: AnalysisParams = {
  filter: { from: null, to: null, categories: null, includeAsb: true },
  compare: null,
  kde: null,
  topN: 1,
};

function conserved(s: AnalysisSession): void {
  const r = s.report();
  const rejected = REJECT_REASONS.reduce((sum, k) => sum + (r.rejected[k] ?? 0), 0);
  expect(r.used + rejected).toBe(r.rowsRead);
}

let sample: Uint8Array | null = null;
/** 200,000 generated rows (~44 MB), made once. */
function base(): { header: Uint8Array; body: Uint8Array; bodyRows: number } {
  sample ??= generatePoliceUkCsv(200_000, 7);
  const nl = sample.indexOf(10) + 1;
  return { header: sample.subarray(0, nl), body: sample.subarray(nl), bodyRows: 200_000 };
}

/** A police.uk CSV of about `target` bytes as 64 KB chunks: header, then the body repeated (whole rows). */
function syntheticStream(
  target: number,
  chunk = 65536,
): { size: number; rows: number; chunks: () => AsyncGenerator<Uint8Array> } {
  const { header, body, bodyRows } = base();
  const reps = Math.max(1, Math.round((target - header.length) / body.length));
  return {
    size: header.length + reps * body.length,
    rows: reps * bodyRows,
    async *chunks() {
      yield header;
      for (let r = 0; r < reps; r++)
        for (let o = 0; o < body.length; o += chunk) yield body.subarray(o, Math.min(body.length, o + chunk));
    },
  };
}

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let o = 0;
  for (let k = 0; o < bytes.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length]);
    yield bytes.slice(o, o + n); // fresh buffers, as File.stream() gives
    o += n;
  }
}

const enc = (s: string) => new TextEncoder().encode(s);
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
function smallCsv(month: string, n: number, lon0 = -0.1): Uint8Array {
  const rows = [HEADER];
  for (let i = 0; i < n; i++)
    rows.push(
      `,${month},Test Police,Test Police,${(lon0 + i * 1e-4).toFixed(6)},51.550000,On or near Road ${i},E01000001,Testham 001A,Burglary,,`,
    );
  return enc(rows.join('\n') + '\n');
}

describe('streaming crime CSVs (addCrimeStream)', () => {
  it('gives the same table and accounting as reading the file whole, whatever the chunking', async () => {
    const bytes = generatePoliceUkCsv(1_000, 3);
    const whole = new AnalysisSession(NOW);
    whole.addFiles([{ name: 'a.csv', bytes }]);
    for (const sizes of [[1], [7, 4096, 13], [65536], [bytes.length]]) {
      const s = new AnalysisSession(NOW);
      const progress: number[] = [];
      const r = await s.addCrimeStream('a.csv', bytes.length, chunked(bytes, sizes), {
        onProgress: (p) => progress.push(p.bytesRead),
      });
      expect(r.crimesFiles).toBe(1);
      expect(r.messages).toEqual([]);
      expect(s.report()).toEqual(whole.report());
      expect(s.points(ALL)).toEqual(whole.points(ALL));
      expect(progress.at(-1)).toBe(bytes.length);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    }
  });

  it('a generic CSV streams with its columns guessed and reported, as in addFiles', async () => {
    const text = enc(
      'Easting;Northing;Date;Offence\n530500;180500;2024-01-15;Fly-tipping\n531500;180500;15/02/2024;Noise\n',
    );
    const a = new AnalysisSession(NOW);
    const b = new AnalysisSession(NOW);
    const la = a.addFiles([{ name: 'council.csv', bytes: text }]);
    const lb = await b.addCrimeStream('council.csv', text.length, chunked(text, [5]));
    expect(lb.messages).toEqual(la.messages);
    expect(b.report()).toEqual(a.report());
  });

  it('streams 256 MB without holding it: every row accounted for, memory well under the file size', async () => {
    const src = syntheticStream(256 * 1024 ** 2);
    const s = new AnalysisSession(NOW);
    const t0 = performance.now();
    let calls = 0;
    const r = await s.addCrimeStream('big.csv', src.size, src.chunks(), { defer: true, onProgress: () => calls++ });
    s.addFiles([]); // re-derive table (what the worker does after the last file)
    const secs = (performance.now() - t0) / 1000;
    expect(r.messages.filter((m) => m.level === 'error')).toEqual([]);
    const rep = s.report();
    expect(rep.rowsRead).toBe(src.rows);
    conserved(s);
    expect(calls).toBeGreaterThan(1);
    const rss = process.memoryUsage().rss / 1024 ** 2;
    console.log(
      `[stream] ${(src.size / 1024 ** 2).toFixed(0)} MB, ${rep.rowsRead.toLocaleString('en-GB')} rows in ${secs.toFixed(1)} s (${(src.size / 1024 ** 2 / secs).toFixed(0)} MB/s); RSS now ${rss.toFixed(0)} MB`,
    );
  }, 60_000);

  it('refuses, before keeping any row, a file whose projected rows pass the limit; nothing loaded is lost', async () => {
    const s = new AnalysisSession(NOW);
    await s.addCrimeStream('good.csv', 0, chunked(smallCsv('2024-01', 50), [1000]));
    const before = s.report();
    const big = generatePoliceUkCsv(20_000, 9); // ~4.4 MB: projection after the first MB
    let pulled = 0;
    async function* counting() {
      for await (const c of chunked(big, [65536])) {
        pulled += c.length;
        yield c;
      }
    }
    const r = await s.addCrimeStream('huge.csv', big.length, counting(), { maxRows: 10_000 });
    expect(r.crimesFiles).toBe(0);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ level: 'error', file: 'huge.csv' });
    expect(r.messages[0].message).toMatch(/not loaded: about [\d,]+ rows .* limit of 10,000 rows/);
    expect(pulled).toBeLessThan(big.length / 2); // stopped early
    const after = s.report();
    expect(after.rowsRead).toBe(before.rowsRead);
    expect(after.used).toBe(before.used);
    conserved(s);
  });

  async function dropMidway(s: AnalysisSession, bytes: Uint8Array) {
    // A lying size (as a growing file would give) keeps the projection low.
    return s.addCrimeStream('grows.csv', 1_100_000, chunked(bytes, [65536]), { maxRows: 10_000 });
  }

  it('drops a file that passes the row limit part-way (projection fooled); nothing loaded is lost', async () => {
    const s = new AnalysisSession(NOW);
    await s.addCrimeStream('good.csv', 0, chunked(smallCsv('2024-01', 50), [1000]));
    const before = s.report();
    const r = await dropMidway(s, generatePoliceUkCsv(20_000, 9));
    expect(r.crimesFiles).toBe(0);
    expect(
      r.messages.some((m) => m.level === 'error' && m.file === 'grows.csv' && /limit of 10,000 rows/.test(m.message)),
    ).toBe(true);
    expect(s.report().rowsRead).toBe(before.rowsRead);
    expect(s.report().used).toBe(before.used);
    expect(s.crimeCount).toBe(50);
    conserved(s);
  });

  // Found here: a dropped file's row hashes used to stay, so the same rows loaded later were
  // rejected as duplicates of a file that is not loaded.
  it('rows of a dropped file are not later taken for duplicates', async () => {
    const s = new AnalysisSession(NOW);
    const bytes = generatePoliceUkCsv(20_000, 9);
    await dropMidway(s, bytes);
    const part = bytes.subarray(0, bytes.indexOf(10, 600_000) + 1);
    const r2 = await s.addCrimeStream('part.csv', part.length, chunked(part, [65536]), { maxRows: 10_000 });
    expect(r2.crimesFiles).toBe(1);
    const f = s.report().files.find((x) => x.file === 'part.csv');
    expect(f?.rejected['duplicate-row'] ?? 0).toBe(0);
  });

  it('refuses a file that takes the session past the total size limit without reading it', async () => {
    const s = new AnalysisSession(NOW);
    let pulled = false;
    async function* never() {
      pulled = true;
      yield new Uint8Array(1);
    }
    const r = await s.addCrimeStream('3gb.csv', 3 * 1024 ** 3, never());
    expect(pulled).toBe(false);
    expect(r.messages).toEqual([
      {
        level: 'error',
        file: '3gb.csv',
        line: 0,
        message: expect.stringMatching(/not loaded: 3\.0 GB .* over the 2\.0 GB limit/),
      },
    ]);
    expect(STREAM_LIMITS.maxTotalBytes).toBe(2 * 1024 ** 3);
  });

  it('empty, non-crime and broken streams give one clear message and cost nothing', async () => {
    const s = new AnalysisSession(NOW);
    await s.addCrimeStream('good.csv', 0, chunked(smallCsv('2024-01', 20), [1000]));
    const before = s.report();
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty.csv', new Uint8Array(0), /empty file/],
      [
        'wards.geojson',
        enc('{"type":"FeatureCollection","features":[]}'),
        /not a crime file: it looks like ward boundaries/,
      ],
      ['junk.csv', Uint8Array.from({ length: 9000 }, (_, i) => (i * 7919) % 256), /not a crime file/],
    ];
    for (const [name, bytes, re] of cases) {
      const r = await s.addCrimeStream(name, bytes.length, chunked(bytes, [100]));
      expect(r.crimesFiles).toBe(0);
      expect(r.messages.map((m) => [m.level, m.file])).toEqual([['error', name]]);
      expect(r.messages[0].message).toMatch(re);
      expect(s.report().rowsRead).toBe(before.rowsRead);
      conserved(s);
    }
  });
});

describe.runIf(process.env.HOTSPOT_BIG === '1')('1 GB stream (HOTSPOT_BIG=1)', () => {
  it('streams 1 GB within the memory budget', async () => {
    const src = syntheticStream(1024 ** 3);
    const s = new AnalysisSession(NOW);
    const t0 = performance.now();
    await s.addCrimeStream('1gb.csv', src.size, src.chunks(), { defer: true });
    const tStream = (performance.now() - t0) / 1000;
    s.addFiles([]);
    const secs = (performance.now() - t0) / 1000;
    const rep = s.report();
    expect(rep.rowsRead).toBe(src.rows);
    conserved(s);
    const peak = process.resourceUsage().maxRSS / 1024; // KB → MB
    console.log(
      `[big] ${(src.size / 1024 ** 3).toFixed(2)} GB, ${rep.rowsRead.toLocaleString('en-GB')} rows: stream ${tStream.toFixed(1)} s, total ${secs.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB (${((peak * 1024 ** 2) / rep.rowsRead).toFixed(0)} B/row incl. runtime)`,
    );
    expect(peak).toBeLessThan((STREAM_LIMITS.bytesPerRow * rep.rowsRead) / 1024 ** 2 + 1024);
  }, 600_000);
});
