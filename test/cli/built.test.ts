/**
 * The built command as users get it (scripts/build-cli.mjs → dist-cli/): it needs no package at
 * run time (copied alone into an empty folder it analyses the demo exactly as the source does),
 * its help does not load the engine (it still answers with the engine's chunk deleted), it reads
 * police.uk downloads as they come (a folder, .csv.gz files, the zip of months with its outcomes
 * files skipped and counted) with the same result as the plain CSVs, and a damaged zip entry is
 * a one-line error naming it. Real-data parts use ../shared/data (describeData rules).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync, deflateRawSync, crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataPath, describeData } from '../helpers/sharedData.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hotspot-built-'));
const alone = join(dir, 'alone');

/** A zip of the given entries (DEFLATE), written by hand so the test needs no zip tool. */
function zip(entries: { name: string; data: Buffer }[], corrupt = false): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const comp = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const crc = crc32(e.data) >>> 0;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(comp.length, 18);
    h.writeUInt32LE(e.data.length, 22);
    h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(corrupt ? crc ^ 1 : crc, 16);
    c.writeUInt32LE(comp.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, name, comp);
    central.push(c, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// Built into this test's own folder: the other CLI test files run dist-cli/ meanwhile.
const dist = join(dir, 'dist-cli');
const built = (args: string[], bin = join(dist, 'hotspot-atlas.mjs')) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--outdir', dist], {
    cwd: root,
    stdio: 'inherit',
  });
  cpSync(dist, alone, { recursive: true });
}, 60_000);

describe('the built command', () => {
  it('runs copied alone (no node_modules) and gives the same report as the source', () => {
    const args = [
      '--wards',
      join(root, 'data/demo/wards.geojson'),
      '--crimes',
      join(root, 'data/demo/crimes'),
      '--from',
      '2024-01',
      '--to',
      '2024-12',
      '--density',
    ];
    const a = built(['analyse', ...args, '--json', join(dir, 'a.json')], join(alone, 'hotspot-atlas.mjs'));
    expect(a.status, a.stderr).toBe(0);
    execFileSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'src/cli/analyse.ts'), ...args, '--json', join(dir, 'b.json')],
      { stdio: 'ignore' },
    );
    const ra = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    const rb = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(ra).toEqual(rb);
    expect(ra.hotspots.length).toBeGreaterThan(0);
  }, 60_000);

  it('answers --help without the engine, and says what is computed by default', () => {
    const noEngine = join(dir, 'no-engine');
    cpSync(alone, noEngine, { recursive: true });
    for (const f of readdirSync(join(noEngine, 'chunks')))
      if (f.startsWith('analyse-')) rmSync(join(noEngine, 'chunks', f));
    const top = built(['--help'], join(noEngine, 'hotspot-atlas.mjs'));
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/^Usage: hotspot-atlas <command>/);
    const sub = built(['analyse', '--help'], join(noEngine, 'hotspot-atlas.mjs'));
    expect(sub.status).toBe(0);
    expect(sub.stdout).toMatch(/--density .*\n.*computed only for --kde-asc, --hotspots/);
    expect(built(['frobnicate']).status).toBe(1);
  });

  it('computes the density only when an output needs it', () => {
    const r = built([
      'analyse',
      '--wards',
      join(root, 'data/demo/wards.geojson'),
      '--crimes',
      join(root, 'data/demo/crimes'),
      '--json',
      join(dir, 'plain.json'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const plain = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8'));
    expect(plain.kde).toBeUndefined();
    expect(plain.hotspots).toBeUndefined();
    expect(plain.wards).toHaveLength(24);
  });
});

describeData('the built command reads police.uk downloads as they come', 'police-uk/street-csv/city-of-london', () => {
  const wards = dataPath('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson');
  const src = dataPath('police-uk/street-csv/city-of-london');
  const files = readdirSync(src)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const report = (crimes: string, name: string) => {
    const r = built(['analyse', '--wards', wards, '--crimes', crimes, '--json', join(dir, name)]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(readFileSync(join(dir, name), 'utf8'));
  };

  it('a folder, .csv.gz files and the zip of months give the same wards and accounting', () => {
    const gz = join(dir, 'gz');
    mkdirSync(gz);
    for (const f of files) writeFileSync(join(gz, `${f}.gz`), gzipSync(readFileSync(join(src, f))));
    const entries = files.flatMap((f) => [
      { name: `${f.slice(0, 7)}/${f}`, data: readFileSync(join(src, f)) },
      {
        name: `${f.slice(0, 7)}/${f.replace('street', 'outcomes')}`,
        data: Buffer.from(
          'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n',
        ),
      },
    ]);
    writeFileSync(join(dir, 'download.zip'), zip(entries));
    const plain = report(src, 'plain-city.json');
    const fromGz = report(gz, 'gz-city.json');
    const fromZip = report(join(dir, 'download.zip'), 'zip-city.json');
    expect(plain.input.rowsRead).toBe(15858);
    for (const r of [fromGz, fromZip]) {
      expect(r.wards).toEqual(plain.wards);
      expect(r.input.rowsRead).toBe(plain.input.rowsRead);
      expect(r.input.rejected).toEqual(plain.input.rejected);
    }
    expect(fromZip.input.skippedFiles).toEqual({ 'police.uk outcomes files (not crimes)': files.length });
  }, 120_000);

  it('a damaged entry is one line naming the archive and the entry', () => {
    writeFileSync(
      join(dir, 'bad.zip'),
      zip([{ name: `2017-01/${files[0]}`, data: readFileSync(join(src, files[0])) }], true),
    );
    const r = built(['analyse', '--wards', wards, '--crimes', join(dir, 'bad.zip'), '--json', join(dir, 'bad.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.zip: 2017-01\/2017-01-city-of-london-street\.csv is damaged \(CRC or size/);
  });
});
