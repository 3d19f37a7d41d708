/**
 * Headless CLI over the same engine as the page:
 *   npm run -s analyse -- --wards FILE --crimes FILE_OR_DIR... [options] --json OUT.json
 * Bad input: exit status 1 and one line on stderr saying what is wrong and where.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession, type SessionFile } from '../analysis/session.ts';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args.ts';
import { buildReport } from './report.ts';
import type { AnalysisParams } from '../analysis/sessionTypes.ts';

class InputError extends Error {}

/** Files under a path, recursively (police.uk archives unzip to YYYY-MM/ folders). */
function expand(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .filter((f) => !f.startsWith('.'))
    .flatMap((f) => expand(join(path, f)));
}

function read(paths: string[]): SessionFile[] {
  return paths.map((p) => ({ name: p, bytes: new Uint8Array(readFileSync(p)) }));
}

export function paramsFrom(o: CliOptions): AnalysisParams {
  return {
    filter: { from: o.from, to: o.to, categories: o.types, includeAsb: o.includeAsb },
    compare: o.compareFrom !== null && o.compareTo !== null ? { from: o.compareFrom, to: o.compareTo } : null,
    kde: { kernel: o.kernel, bandwidth: o.bandwidth, cell: o.cell, threshold: o.threshold, perMonth: o.perMonth, weighted: o.weighted },
    topN: o.topN,
  };
}

export function main(argv: readonly string[]): number {
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
  try {
    const session = new AnalysisSession();
    const wardFiles = read(o.wards.flatMap(expand));
    const crimeFiles = read(o.crimes.flatMap(expand).filter((p) => /\.(csv|json)$/i.test(p)));
    if (!crimeFiles.length) throw new InputError(`${o.crimes.join(', ')}: no .csv or .json files found`);
    const extra = read([...(o.population ? [o.population] : []), ...o.places, ...(o.actions ? [o.actions] : [])]);
    const w = session.addFiles(wardFiles, { codeField: o.codeField ?? undefined, nameField: o.nameField ?? undefined });
    const fatal = w.messages.find((m) => m.level === 'error');
    if (fatal || !session.hasWards) throw new InputError(fatal ? where(fatal) : `${o.wards.join(', ')}: no ward boundaries found`);
    const c = session.addFiles([...crimeFiles, ...extra], { mapping: o.columns ?? undefined });
    for (const m of c.messages) if (m.level === 'error') throw new InputError(where(m));
    if (o.actions && !session.loadedRegister) throw new InputError(`${o.actions}: not an action register`);
    const params = paramsFrom(o);
    const result = session.run(params);
    // No crime inside the wards (crimes and boundaries of different areas, every row rejected…).
    if (result.diagnosis) throw new InputError(`${result.diagnosis.title} Next: ${result.diagnosis.next}`);
    const report = buildReport(result, session, params, o);
    if (o.json) writeFileSync(o.json, JSON.stringify(report, null, 2) + '\n');
    else process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    if (o.kdeAsc) {
      const asc = session.asciiGrid(params);
      if (!asc) throw new InputError('no density grid could be computed for this selection (no crimes in the window?)');
      writeFileSync(o.kdeAsc, asc);
    }
    if (o.gistarGeojson) {
      const g = session.giStar(params, o.gistar ?? 100);
      if (g) writeFileSync(o.gistarGeojson, JSON.stringify(g.geojson) + '\n');
    }
    if (o.hotspots) writeFileSync(o.hotspots, JSON.stringify(result.hotspotGeojson) + '\n');
    if (o.json) process.stderr.write(`analyse: ${result.concentration.headline}\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`analyse: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`analyse: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function where(m: { file: string; line: number; message: string }): string {
  return `${m.file}${m.line ? `, line ${m.line}` : ''}: ${m.message}`;
}

const invoked = process.argv[1] && /analyse\.ts$/.test(process.argv[1]);
if (invoked) process.exitCode = main(process.argv.slice(2));
