/**
 * Sanity of the committed synthetic demo (data/demo): the files exist, follow police.uk's
 * layout, are labelled synthetic everywhere, match the generator byte for byte, and run
 * through the cube → shares → headline pipeline.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { BOROUGH, DEMO_SEED, POLICE_UK_HEADER, generateDemo } from '../../scripts/generate-demo.ts';
import { buildCube } from '../../src/analysis/cube.ts';
import { categoryMask, filterPhrase } from '../../src/analysis/filter.ts';
import { headline, periodLabel } from '../../src/analysis/headline.ts';
import { compareWards, previousPeriod } from '../../src/analysis/compare.ts';
import { wardShares } from '../../src/analysis/shares.ts';
import { wardTotals } from '../../src/analysis/cube.ts';
import { concentration } from '../../src/analysis/concentration.ts';
import { monthIndex, parseMonth } from '../../src/core/months.ts';
import { POLICE_UK_CATEGORIES } from '../../src/core/categories.ts';

const DEMO = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/demo');
const read = (rel: string) => readFileSync(join(DEMO, rel), 'utf8');
const MONTHS = [2023, 2024].flatMap((y) =>
  Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, '0')}`),
);

const wards = JSON.parse(read('wards.geojson')) as FeatureCollection<Polygon | MultiPolygon> & { name: string };
const places = JSON.parse(read('places.geojson')) as FeatureCollection & { name: string };

interface Row {
  id: string;
  month: string;
  force: string;
  lon: number;
  lat: number;
  location: string;
  lsoa: string;
  category: string;
}
const rows: Row[] = [];
for (const ym of MONTHS) {
  const lines = read(`crimes/${ym}/${ym}-hollowfield-street.csv`).split('\n');
  expect(lines[0]).toBe(POLICE_UK_HEADER);
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const f = line.split(',');
    expect(f.length).toBe(12);
    rows.push({
      id: f[0],
      month: f[1],
      force: f[2],
      lon: f[4] === '' ? NaN : +f[4],
      lat: f[5] === '' ? NaN : +f[5],
      location: f[6],
      lsoa: f[7],
      category: f[9],
    });
  }
}

function inRings(lon: number, lat: number, rings: number[][][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
const wardRings = wards.features.map((f) =>
  f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat(),
);

describe('synthetic demo data', () => {
  it('has every file, under ~4 MB in all', () => {
    for (const f of ['wards.geojson', 'places.geojson', 'population.csv', 'README.md'])
      expect(existsSync(join(DEMO, f))).toBe(true);
    expect(readdirSync(join(DEMO, 'crimes')).sort()).toEqual(MONTHS);
    const bytes = [...generateDemo().files.values()].reduce((s, t) => s + Buffer.byteLength(t), 0);
    expect(bytes).toBeLessThan(4.2e6);
  });

  it('is labelled synthetic everywhere', () => {
    expect(BOROUGH).toBe('Hollowfield (synthetic demo)');
    expect(wards.name).toMatch(/synthetic/);
    expect(places.name).toMatch(/synthetic/);
    expect(read('README.md')).toMatch(/SYNTHETIC/);
    expect(read('README.md')).toContain(String(DEMO_SEED));
    for (const f of wards.features) {
      expect(f.properties).toMatchObject({ borough: BOROUGH, synthetic: true });
      expect(f.properties!.code).toMatch(/^X05\d{6}$/);
    }
    for (const f of places.features) expect(f.properties!.synthetic).toBe(true);
    expect(new Set(rows.map((r) => r.force))).toEqual(new Set(['Hollowfield Police (synthetic)']));
    expect(rows.every((r) => r.lsoa === '' || /^X01\d{6}$/.test(r.lsoa))).toBe(true);
  });

  it('has 24 wards with unique codes and names, and a population for each', () => {
    expect(wards.features.length).toBe(24);
    const codes = wards.features.map((f) => f.properties!.code as string);
    expect(new Set(codes).size).toBe(24);
    expect(new Set(wards.features.map((f) => f.properties!.name)).size).toBe(24);
    const pop = read('population.csv').trim().split('\n');
    expect(pop[0]).toBe('code,population');
    expect(
      pop
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual([...codes].sort());
  });

  it("follows police.uk's habits", () => {
    expect(rows.length).toBeGreaterThan(15000);
    const inYear = rows.filter((r) => r.month.startsWith('2024')).length;
    expect(inYear).toBeGreaterThan(8000);
    for (const r of rows) {
      if (r.category === 'Anti-social behaviour') expect(r.id).toBe('');
      else expect(r.id).toMatch(/^[0-9a-f]{64}$/);
      expect(POLICE_UK_CATEGORIES as readonly string[]).toContain(r.category);
      expect(r.location === 'No Location' ? Number.isNaN(r.lon) : r.location.startsWith('On or near ')).toBe(true);
    }
    const noLoc = rows.filter((r) => r.location === 'No Location').length / rows.length;
    expect(noLoc).toBeGreaterThan(0.005);
    expect(noLoc).toBeLessThan(0.02);
    // Snapped: far fewer distinct points than rows.
    const points = new Set(rows.filter((r) => !Number.isNaN(r.lon)).map((r) => `${r.lon},${r.lat}`));
    expect(points.size).toBeLessThan(rows.length / 5);
    expect(new Set(rows.map((r) => r.category)).size).toBe(14);
  });

  it('places carry the agreed types', () => {
    const types = new Set(places.features.map((f) => f.properties!.type));
    expect(types).toEqual(
      new Set([
        'transport hub',
        'town centre',
        'night-time economy',
        'licensed premises',
        'housing estate',
        'school',
        'park',
      ]),
    );
  });

  it('is exactly what the generator makes (deterministic)', () => {
    const { files } = generateDemo();
    for (const [rel, text] of files) expect(read(rel), rel).toBe(text);
  });

  it('wards tile the borough: every located crime is in exactly one ward; the pipeline gives a headline', () => {
    const located = rows.filter((r) => !Number.isNaN(r.lon));
    const wardOf = new Int32Array(located.length);
    located.forEach((r, i) => {
      const hits = wardRings.flatMap((rings, w) => (inRings(r.lon, r.lat, rings) ? [w] : []));
      expect(hits.length).toBe(1);
      wardOf[i] = hits[0];
    });
    const cats: string[] = [...POLICE_UK_CATEGORIES];
    const cube = buildCube(
      wardOf,
      Uint16Array.from(located, (r) => parseMonth(r.month)),
      Uint16Array.from(located, (r) => cats.indexOf(r.category)),
      null,
      wards.features.length,
      cats.length,
    );
    const labels = {
      codes: wards.features.map((f) => f.properties!.code as string),
      names: wards.features.map((f) => f.properties!.name as string),
    };
    const filter = { from: monthIndex(2024, 1), to: monthIndex(2024, 12), categories: null, includeAsb: false };
    const mask = categoryMask(filter, cats);
    const shares = wardShares(cube, mask, filter.from, filter.to, labels);
    expect(shares[0].name).toBe('Hollowfield Central');
    const c = concentration(shares);
    expect(c.cumulative[4]).toBeGreaterThan(0.4); // five of 24 wards hold well over 5/24 of crime
    expect(c.gini!).toBeGreaterThan(0.3);
    const text = headline({
      rows: shares,
      what: filterPhrase(filter),
      period: periodLabel(filter.from, filter.to),
      area: 'Hollowfield',
    });
    expect(text).toMatch(
      /^\d+% of crime, excluding anti-social behaviour, in 2024 was recorded in 5 of Hollowfield's 24 wards: Hollowfield Central, /,
    );
    // The station centre grew ~39% on purpose (2023 = 0.72 × 2024): its ward shows a real rise.
    const prev = previousPeriod(filter.from, filter.to);
    const change = compareWards(
      wardTotals(cube, mask, filter.from, filter.to),
      wardTotals(cube, mask, prev.from, prev.to),
      labels,
    );
    const wharf = change.wards.find((w) => w.name === 'Hollowfield Wharf');
    expect(wharf?.direction).toMatch(/^up \d+% \(significant\)$/);
    console.log(text);
  });
});
