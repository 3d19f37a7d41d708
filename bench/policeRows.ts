/**
 * Real police.uk street rows for the benchmarks (bench/cli.ts, cubes.ts, nationalCube.ts): the
 * lines of the extracts in ../shared/data, and a line moved into another file's month and force.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The 43 territorial forces and BTP of England and Wales, as police.uk names their files. */
export const FORCES = [
  'avon-and-somerset',
  'bedfordshire',
  'btp',
  'cambridgeshire',
  'cheshire',
  'city-of-london',
  'cleveland',
  'cumbria',
  'derbyshire',
  'devon-and-cornwall',
  'dorset',
  'durham',
  'dyfed-powys',
  'essex',
  'gloucestershire',
  'greater-manchester',
  'gwent',
  'hampshire',
  'hertfordshire',
  'humberside',
  'kent',
  'lancashire',
  'leicestershire',
  'lincolnshire',
  'merseyside',
  'metropolitan',
  'norfolk',
  'north-wales',
  'north-yorkshire',
  'northamptonshire',
  'northumbria',
  'nottinghamshire',
  'south-wales',
  'south-yorkshire',
  'staffordshire',
  'suffolk',
  'surrey',
  'sussex',
  'thames-valley',
  'warwickshire',
  'west-mercia',
  'west-midlands',
  'west-yorkshire',
];

/** Every data line (header and blank lines left out) of the .csv files in `dirs`, in file name order. */
export function realLines(dirs: readonly string[]): string[] {
  const lines: string[] = [];
  for (const dir of dirs)
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.csv')) continue;
      const rows = readFileSync(join(dir, f), 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/);
      for (let i = 1; i < rows.length; i++) if (rows[i]) lines.push(rows[i]);
    }
  return lines;
}

/**
 * A real row put in file (force, month), moved by (dLon, dLat) degrees: its month and force
 * fields replaced, its Crime ID made unique by `serial`.
 */
export function movedRow(line: string, month: string, serial: number, force: string, dLon = 0, dLat = 0): string {
  const f = line.split(',');
  f[0] = f[0].length >= 12 ? f[0].slice(0, -8) + serial.toString(16).padStart(8, '0') : f[0];
  f[1] = month;
  f[2] = f[3] = `${force} Police`;
  if ((dLon || dLat) && f[4] && f[5]) {
    f[4] = (Number(f[4]) + dLon).toFixed(6);
    f[5] = (Number(f[5]) + dLat).toFixed(6);
  }
  return f.join(',');
}
