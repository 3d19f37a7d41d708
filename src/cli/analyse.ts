/**
 * Headless CLI over the same engine as the page:
 *   npm run -s analyse -- --wards FILE --crimes FILE_OR_DIR... [options] --json OUT.json
 * Bad input: exit status 1 and one line on stderr saying what is wrong and where.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { AnalysisSession, type SessionFile } from '../analysis/session.ts';
import type { IngestMessage } from '../core/types.ts';
import { availableParallelism } from 'node:os';
import { crimeSources, expand, InputError, wholeBytes, type CrimeSource } from './inputs.ts';
import { readInParallel } from './parallel.ts';
import { startRestRead, type RestRead } from './splitFile.ts';
import { fileRangeChunks } from './inputs.ts';
import { toAsciiGridBytes } from '../analysis/kde/asciiGrid.ts';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args.ts';
import { buildReport } from './report.ts';
import type { AnalysisParams } from '../analysis/sessionTypes.ts';

/** Rows a CLI session may hold: the page's 10 M limit is a browser tab's; a batch run on a workstation takes more. */
const CLI_MAX_ROWS = 100_000_000;

function read(paths: string[]): SessionFile[] {
  return paths.map((p) => {
    try {
      return { name: p, bytes: new Uint8Array(readFileSync(p)) };
    } catch {
      throw new InputError(`${p}: no such file`);
    }
  });
}

/**
 * The density surface and hotspot areas are computed only when an output needs them:
 * --kde-asc, --hotspots, --patrol-areas, --actions (actions are linked to hotspot areas) or
 * --density (their summary in the JSON report). The ward table, concentration and accounting
 * need only the ward counts.
 */
export function needsDensity(o: CliOptions): boolean {
  return !!(o.kdeAsc || o.hotspots || o.patrolAreas || o.actions || o.density);
}

export function paramsFrom(o: CliOptions): AnalysisParams {
  return {
    filter: { from: o.from, to: o.to, categories: o.types, includeAsb: o.includeAsb },
    compare: o.compareFrom !== null && o.compareTo !== null ? { from: o.compareFrom, to: o.compareTo } : null,
    kde: needsDensity(o)
      ? {
          kernel: o.kernel,
          bandwidth: o.bandwidth,
          cell: o.cell,
          threshold: o.threshold,
          perMonth: o.perMonth,
          weighted: o.weighted,
          areas: { ...o.areas },
        }
      : null,
    topN: o.topN,
  };
}

/** A whole-file error as one line; a CSV whose columns were not recognised says how to name them. */
function fatal(m: IngestMessage): InputError {
  const hint = m.code === 'needs-mapping' ? ' (name them with --columns "lon=…,lat=…,date=…")' : '';
  return new InputError(where(m) + hint);
}

/**
 * Streams the crime inputs into the session (CSV chunk by chunk; small JSON whole), the CSVs in
 * `threads` worker threads (parallel.ts; 1: all in this thread), with the same result either way.
 */
async function loadCrimes(
  session: AnalysisSession,
  o: CliOptions,
  extra: SessionFile[],
  now: number,
  rest: RestRead | null,
): Promise<{ skipped: Map<string, number>; threads: string }> {
  const { sources, skipped } = crimeSources(o.crimes);
  if (!sources.length)
    throw new InputError(
      `${o.crimes.join(', ')}: no crime files found (police.uk .csv, .csv.gz, .json, or the .zip from police.uk's download page)`,
    );
  const mapping = o.columns ?? undefined;
  let how = 'in one thread';
  const readInPlace = async (src: CrimeSource) => {
    // The one big file whose rest a worker is reading (splitFile.ts): this thread reads up to it.
    const split = rest && src.desc.type === 'file' && !src.desc.gz && src.name === rest.name ? rest : null;
    const path = src.desc.path;
    const restOfFile = split
      ? { part: split.part, chunks: () => fileRangeChunks(path, split.from, Infinity), absorbed: false }
      : null;
    const r = await session.addCrimeStream(
      src.name,
      src.size,
      split ? fileRangeChunks(path, 0, split.from) : src.chunks(),
      {
        defer: true,
        mapping,
        maxRows: CLI_MAX_ROWS,
        maxTotalBytes: Number.MAX_SAFE_INTEGER,
        rest: restOfFile ?? undefined,
      },
    );
    if (split && restOfFile?.absorbed) how = `in 2 threads (the rest of the file from byte ${split.from} in a worker)`;
    else if (split) how = "in one thread (the worker's part of the file could not be used)";
    for (const m of r.messages) if (m.level === 'error') throw fatal(m);
  };
  // Threads read police.uk street CSVs; a CSV read through --columns is read here. With one such
  // file there is nothing to share out: a thread would read it while this one waits, then hand
  // it over (measured: 1.93 s against 1.73 s for a million rows), so it is read here.
  const streamed = mapping ? 0 : sources.filter((s) => s.kind === 'stream').length;
  const threads = Math.min(o.threads ?? availableParallelism(), streamed);
  if (threads > 1) {
    const st = await readInParallel(session, sources, { threads, now, inThreads: () => !mapping }, readInPlace);
    how = `${st.absorbed} file(s) read in ${threads} threads, ${st.inPlace} in the main thread`;
  } else for (const src of sources) if (src.kind === 'stream') await readInPlace(src);
  const whole: SessionFile[] = [];
  for (const src of sources) if (src.kind === 'whole') whole.push({ name: src.name, bytes: await wholeBytes(src) });
  // Always called: it also re-derives the table after the streamed files.
  const c = session.addFiles([...whole, ...extra], { mapping });
  for (const m of c.messages) if (m.level === 'error') throw fatal(m);
  return { skipped, threads: how };
}

export async function main(argv: readonly string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`analyse: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const t0 = performance.now();
  // --stats: time and memory after each phase, to see where a run goes.
  const phases: string[] = [];
  const phase = (name: string) => {
    if (o.stats)
      phases.push(
        `${name} ${((performance.now() - t0) / 1000).toFixed(2)} s (${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB)`,
      );
  };
  const now = Date.now();
  // Started first: the worker reads while this thread reads the wards.
  const rest = startRestRead(o, now);
  try {
    const session = new AnalysisSession(new Date(now));
    const wardFiles = read(o.wards.flatMap(expand));
    const w = session.addFiles(wardFiles, { codeField: o.codeField ?? undefined, nameField: o.nameField ?? undefined });
    const bad = w.messages.find((m) => m.level === 'error');
    if (bad || !session.hasWards)
      throw new InputError(bad ? where(bad) : `${o.wards.join(', ')}: no ward boundaries found`);
    phase('wards');
    const extra = read([...(o.population ? [o.population] : []), ...o.places, ...(o.actions ? [o.actions] : [])]);
    const { skipped, threads } = await loadCrimes(session, o, extra, now, rest);
    phase('crimes read and assigned');
    if (o.actions && !session.loadedRegister) throw new InputError(`${o.actions}: not an action register`);
    const params = paramsFrom(o);
    // The ESRI grid is the run's own surface (before its float32 copy), written as asciiGrid()
    // would write it, not computed a second time.
    let asc: Uint8Array | null = null;
    const result = session.run(params, {
      onSurface: o.kdeAsc ? (values, grid) => (asc = toAsciiGridBytes(values, grid, { decimals: 6 })) : undefined,
    });
    phase('analysed');
    // No crime inside the wards (crimes and boundaries of different areas, every row rejected…).
    if (result.diagnosis) throw new InputError(`${result.diagnosis.title} Next: ${result.diagnosis.next}`);
    const report = buildReport(result, session, params, o);
    if (skipped.size) (report.input as Record<string, unknown>).skippedFiles = Object.fromEntries(skipped);
    if (o.json) writeFileSync(o.json, JSON.stringify(report, null, 2) + '\n');
    else process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    if (o.kdeAsc) {
      if (!asc) throw new InputError('no density grid could be computed for this selection (no crimes in the window?)');
      writeFileSync(o.kdeAsc, asc);
    }
    if (o.gistarGeojson) {
      const g = session.giStar(params, o.gistar ?? 100);
      if (g) writeFileSync(o.gistarGeojson, JSON.stringify(g.geojson) + '\n');
    }
    if (o.hotspots) writeFileSync(o.hotspots, JSON.stringify(result.hotspotGeojson) + '\n');
    if (o.json) process.stderr.write(`analyse: ${result.concentration.headline}\n`);
    if (o.stats) {
      const peak = process.resourceUsage().maxRSS / 1024;
      phase('written');
      process.stderr.write(`analyse: ${phases.join('; ')}\n`);
      process.stderr.write(
        `analyse: ${result.input.rowsRead.toLocaleString('en-GB')} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s, peak memory ${Math.round(peak)} MB (${threads})\n`,
      );
    }
    return 0;
  } catch (e) {
    process.stderr.write(`analyse: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await rest?.stop();
  }
}

function where(m: { file: string; line: number; message: string }): string {
  return `${m.file}${m.line ? `, line ${m.line}` : ''}: ${m.message}`;
}

// Run directly (`tsx src/cli/analyse.ts …`, as the tests do); the built command enters through bin.ts.
const invoked = process.argv[1] && /analyse\.ts$/.test(process.argv[1]);
if (invoked) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
