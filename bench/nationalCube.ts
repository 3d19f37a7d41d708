/**
 * A national-sized cube for the browser benchmark's "open a London borough out of a national
 * cube" case (bench/browser.ts): 6,000,000 police.uk rows, 43 forces × 12 months, made from the
 * REAL rows in ../shared/data (Met burglary and City of London 2017–18, as bench/cubes.ts), then
 * counted by the built `hotspot-atlas cubes` with London's 2014 wards.
 *
 * Unlike bench/cubes.ts (which times the counting, and puts every force's rows in London), each
 * force has about its real share and its own place: the Met 75,000 rows a month (about its share
 * of England and Wales), the City of London 2,000 and the British Transport Police 5,000 in London
 * (national forces and neighbours do cross a borough), and each of the 40 other forces about
 * 10,450 rows a month, moved as a block 0.6–2.7° north and 0.5–2.1° west of London (into England,
 * outside London's wards: they are counted in the cells with no ward). So opening Haringey must
 * skip 40 forces' partitions on their footers and read the Met's, the City's and the BTP's.
 *
 * Written once to .bench-cache/cube-national/ (git-ignored): archive/ (about 1.4 GB of CSV) and
 * cube/ (the Parquet, with London's ward file copied in, so one folder pick gives both).
 */
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { POLICE_UK_HEADER } from './generate.ts';
import { FORCES, movedRow, realLines } from './policeRows.ts';

/** Forces away from London (their rows are moved out of London). */
const FORCES_ELSEWHERE = FORCES.filter((f) => !['btp', 'city-of-london', 'metropolitan'].includes(f));
const PER_MONTH = 500_000;
const LONDON: Record<string, number> = { metropolitan: 75_000, 'city-of-london': 2_000, btp: 5_000 };
const YEAR = 2024;

async function writeArchive(dir: string, lines: string[]): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  const other = Math.floor((PER_MONTH - Object.values(LONDON).reduce((a, b) => a + b, 0)) / FORCES_ELSEWHERE.length);
  let serial = 0;
  let cursor = 0;
  for (let m = 1; m <= 12; m++) {
    const month = `${YEAR}-${String(m).padStart(2, '0')}`;
    mkdirSync(join(dir, month), { recursive: true });
    const forces: [string, number, number, number][] = [
      ...Object.entries(LONDON).map(([f, n]): [string, number, number, number] => [f, n, 0, 0]),
      ...FORCES_ELSEWHERE.map((f, k): [string, number, number, number] => [
        f,
        other,
        -0.5 - 0.4 * Math.floor(k / 8),
        0.6 + 0.3 * (k % 8),
      ]),
    ];
    for (const [force, n, dLon, dLat] of forces) {
      const out = createWriteStream(join(dir, month, `${month}-${force}-street.csv`));
      const batch: string[] = [POLICE_UK_HEADER];
      for (let i = 0; i < n; i++)
        batch.push(movedRow(lines[cursor++ % lines.length], month, serial++, force, dLon, dLat));
      out.write(batch.join('\n') + '\n');
      await new Promise<void>((r) => out.end(() => r()));
    }
  }
  return serial;
}

/** The cube folder (built once; London's ward file copied in), or null without the shared data. */
export async function nationalCube(
  root: string,
  shared: string,
): Promise<{ dir: string; rows: number; seconds: number | null } | null> {
  const wards = join(shared, 'boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson');
  const sources = ['police-uk/street-csv/metropolitan-burglary-only', 'police-uk/street-csv/city-of-london'].map((p) =>
    join(shared, p),
  );
  if (!existsSync(wards) || sources.some((s) => !existsSync(s))) return null;
  const base = join(root, '.bench-cache', 'cube-national');
  const cube = join(base, 'cube');
  const done = join(base, '.complete');
  if (existsSync(done)) return { dir: cube, rows: Number(readFileSync(done, 'utf8')), seconds: null };
  const archive = join(base, 'archive');
  console.log('national cube: writing 6,000,000 rows of police.uk CSV (once) ...');
  const rows = await writeArchive(archive, realLines(sources));
  spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  rmSync(cube, { recursive: true, force: true });
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(root, 'dist-cli/hotspot-atlas.mjs'), 'cubes', '--wards', wards, '--crimes', archive, '--out', cube],
    { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`cubes failed: ${r.stderr}`);
  const seconds = (performance.now() - t) / 1000;
  copyFileSync(wards, join(cube, 'london_wards_2014_wgs84.geojson'));
  rmSync(archive, { recursive: true, force: true });
  writeFileSync(done, String(rows));
  return { dir: cube, rows, seconds };
}
