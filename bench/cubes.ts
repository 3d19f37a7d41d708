/**
 * `npm run bench:cubes`: `hotspot-atlas cubes` (the built command, process start to exit) on a
 * national year's worth of police.uk street files — 43 forces × 12 months, 6,000,000 rows — made
 * from the REAL rows in ../shared/data (Met burglary and City of London 2017–18: real Crime IDs,
 * locations, LSOAs and types; each file's rows take its month, Crime IDs made unique), into
 * London's 654 wards; then one month added to the existing cube (only that partition computed);
 * and the national 15-year archive estimated from the partition rate.
 *
 * Files are written once to .bench-cache/cubes/ (git-ignored, about 1.4 GB). A report, not a
 * test: exits 0. Targets (issue: national cubes): 6M rows ≤ 15 s with peak memory < 1.5 GB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { POLICE_UK_HEADER } from './generate.ts';
import { printTable } from './table.ts';
import { FORCES, movedRow, realLines } from './policeRows.ts';

const root = resolve(import.meta.dirname, '..');
const shared = process.env.HOTSPOT_SHARED_DATA ?? resolve(root, '../shared/data');
const cache = join(root, '.bench-cache', 'cubes');
const WARDS = join(shared, 'boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson');
const SOURCES = ['police-uk/street-csv/metropolitan-burglary-only', 'police-uk/street-csv/city-of-london'].map((p) =>
  join(shared, p),
);
const ROWS = 6_000_000;
const YEAR = 2024;

async function writeArchive(dir: string, lines: string[]): Promise<void> {
  if (existsSync(join(dir, '.complete'))) return;
  rmSync(dir, { recursive: true, force: true });
  const perFile = Math.ceil(ROWS / (FORCES.length * 12));
  let serial = 0;
  let cursor = 0;
  for (let m = 1; m <= 12; m++) {
    const month = `${YEAR}-${String(m).padStart(2, '0')}`;
    mkdirSync(join(dir, month), { recursive: true });
    for (const force of FORCES) {
      const out = createWriteStream(join(dir, month, `${month}-${force}-street.csv`));
      const batch: string[] = [POLICE_UK_HEADER];
      for (let i = 0; i < perFile && serial < ROWS; i++)
        batch.push(movedRow(lines[cursor++ % lines.length], month, serial++, force));
      out.write(batch.join('\n') + '\n');
      await new Promise<void>((r) => out.end(() => r()));
    }
  }
  createWriteStream(join(dir, '.complete')).end();
}

function run(args: string[]): {
  seconds: number;
  stderr: string;
  peakMb: number;
  computed: number;
  partitions: number;
} {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'dist-cli/hotspot-atlas.mjs'), 'cubes', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`cubes failed: ${r.stderr.split('\n').slice(-3).join('\n')}`);
  const m = /cubes: (\d+) partitions \((\d+) computed\).*peak memory (\d+) MB/.exec(r.stderr);
  return {
    seconds,
    stderr: r.stderr,
    peakMb: m ? Number(m[3]) : 0,
    computed: m ? Number(m[2]) : 0,
    partitions: m ? Number(m[1]) : 0,
  };
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--if-stale'], { stdio: 'inherit' });
  if (!existsSync(WARDS) || SOURCES.some((s) => !existsSync(s))) {
    console.log(`\n[notice] cubes bench skipped: ../shared/data not found (${shared}).`);
    return;
  }
  const archive = join(cache, 'archive');
  await writeArchive(archive, realLines(SOURCES));
  const extra = join(cache, 'extra');
  rmSync(extra, { recursive: true, force: true });
  const out = join(cache, 'out');
  rmSync(out, { recursive: true, force: true });
  const full = run(['--wards', WARDS, '--crimes', archive, '--out', out]);
  // One more month of one force: only its partition is computed.
  mkdirSync(extra, { recursive: true });
  const lines = realLines(SOURCES);
  const add = createWriteStream(join(extra, `${YEAR + 1}-01-metropolitan-street.csv`));
  add.write(
    [
      POLICE_UK_HEADER,
      ...lines.slice(0, 11_628).map((l, i) => movedRow(l, `${YEAR + 1}-01`, ROWS + i, 'metropolitan')),
    ].join('\n') + '\n',
  );
  await new Promise<void>((r) => add.end(() => r()));
  const month = run(['--wards', WARDS, '--crimes', archive, extra, '--out', out]);
  const perPartition = full.seconds / full.partitions;
  printTable([
    ['cubes (wall clock, process start to exit)', 'time', 'peak memory', 'partitions computed', 'target', ''],
    [
      `6,000,000 rows, 43 forces × 12 months`,
      `${full.seconds.toFixed(1)} s`,
      `${full.peakMb} MB`,
      `${full.computed} of ${full.partitions}`,
      '≤ 15 s, < 1536 MB',
      full.seconds <= 15 && full.peakMb < 1536 ? 'ok' : 'OVER',
    ],
    [
      'a month added to the cube',
      `${month.seconds.toFixed(1)} s`,
      `${month.peakMb} MB`,
      `${month.computed} of ${month.partitions}`,
      'only the new partition',
      month.computed === 1 ? 'ok' : 'OVER',
    ],
  ]);
  // 43 forces × 180 months (2010–2025), partitions of about the same size as these (~11,600 rows).
  const national = 43 * 180 * perPartition;
  console.log(
    `National archive since 2010 (about 90 M rows, 43 forces × 180 months): about ${(national / 60).toFixed(0)} minutes at this run's rate of ${perPartition.toFixed(3)} s per partition of ${Math.round(ROWS / full.partitions).toLocaleString('en-GB')} rows.`,
  );
}

await main();
