/**
 * Generates the SYNTHETIC demo borough "Hollowfield (synthetic demo)" under data/demo/.
 *
 *   npx tsx scripts/generate-demo.ts
 *
 * Nothing here is real: the borough, its 24 wards (Voronoi cells clipped to an invented
 * outline), ward names, codes (X05…, X01…: the X prefix marks synthetic, never a GSS code),
 * streets, places, population and every crime are invented from a seeded PRNG, so the
 * output is byte-for-byte deterministic. Crimes follow police.uk's street CSV layout and
 * habits: month resolution, locations snapped to a limited set of map points per street
 * ("On or near <Street>"), ~1% "No Location", empty Crime ID and outcome for ASB.
 * Concentration comes from five centres (town centre, two stations, a night-time-economy
 * strip, a housing estate) with their own crime-type mixes, over a background spread.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Delaunay } from 'd3';
import { featureCollection, intersect, polygon as turfPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import {
  BOROUGH,
  CX,
  CY,
  ESTATE,
  FORCE,
  NORTH_STATION,
  STATION,
  STRIP_A,
  STRIP_B,
  TOWN,
  type Pt,
} from './demoGeography.ts';
import { demoReadme, lonLat, off, placesGeojson, pointInRing, ringToWgs } from './demoGeography.ts';
import {
  ASB,
  CENTRES,
  monthWeights,
  OUTCOMES,
  STREET_PREFIX,
  STREET_SUFFIX,
  WARD_NAMES,
  type Centre,
} from './demoTables.ts';

export const DEMO_SEED = 20240101;
export { BOROUGH } from './demoGeography.ts';
export const POLICE_UK_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** mulberry32: small, fast, seedable; same sequence in every JS engine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(rnd: () => number, items: readonly T[], weights: readonly number[]): T {
  let total = 0;
  for (const w of weights) total += w;
  let r = rnd() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

function gauss(rnd: () => number): number {
  const u = 1 - rnd();
  const v = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

interface MapPoint {
  p: Pt;
  location: string;
  lsoa: number;
}

export interface DemoFiles {
  /** Relative path under data/demo → file text. */
  files: Map<string, string>;
  rows: Record<string, number>;
  /**
   * The demo's own streets (data/demo-basemap/hollowfield-streets.geojson): every street the
   * crimes are snapped to ("On or near <name>"), as a WGS84 LineString with `name` and `class`
   * (primary / secondary / minor), drawn by the page as the demo's basemap. Kept out of
   * data/demo so that loading that folder as data never reads it as boundaries.
   */
  streets: string;
}

/** The borough outline (a star-shaped ring around the centre, about 36 km²) and a sampler of points inside it. */
function outlineOf(rnd: () => number): {
  outline: Pt[];
  bbox: readonly [number, number, number, number];
  randomInside: () => Pt;
} {
  const outline: Pt[] = [];
  const ph1 = rnd() * 6.28;
  const ph2 = rnd() * 6.28;
  const NV = 40;
  for (let k = 0; k < NV; k++) {
    const t = (2 * Math.PI * k) / NV;
    const r = 3400 * (1 + 0.12 * Math.sin(3 * t + ph1) + 0.06 * Math.sin(5 * t + ph2) + 0.04 * (rnd() - 0.5));
    outline.push([Math.round(CX + r * Math.cos(t)), Math.round(CY + r * Math.sin(t))]);
  }
  outline.push(outline[0]);
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
  const randomInside = (): Pt => {
    for (;;) {
      const p: Pt = [bbox[0] + rnd() * (bbox[2] - bbox[0]), bbox[1] + rnd() * (bbox[3] - bbox[1])];
      if (pointInRing(p, outline)) return p;
    }
  };
  return { outline, bbox, randomInside };
}

interface DemoWards {
  sites: Pt[];
  order: number[];
  codes: string[];
  wardAt: (p: Pt) => number;
  townWard: number;
  geojson: string;
}

/**
 * Ward sites: one at each crime centre (so each centre dominates its own ward, as town centres
 * and stations do), the rest random, all at least 800 m apart; wards are their Voronoi cells
 * clipped to the outline. The town centre's ward is "Hollowfield Central", the station's
 * "Hollowfield Wharf"; codes numbered north-west to south-east, as ONS numbers roughly do.
 */
function wardsOf(outline: Pt[], bbox: readonly number[], randomInside: () => Pt): DemoWards {
  const sites: Pt[] = [
    TOWN,
    STATION,
    [(STRIP_A[0] + STRIP_B[0]) / 2, (STRIP_A[1] + STRIP_B[1]) / 2],
    ESTATE,
    NORTH_STATION,
  ];
  while (sites.length < WARD_NAMES.length) {
    const p = randomInside();
    if (sites.every((s) => Math.hypot(s[0] - p[0], s[1] - p[1]) >= 800))
      sites.push([Math.round(p[0]), Math.round(p[1])]);
  }
  const voronoi = Delaunay.from(sites).voronoi([bbox[0] - 10, bbox[1] - 10, bbox[2] + 10, bbox[3] + 10]);
  const outlinePoly = turfPolygon([outline]);
  const wardGeoms: (Polygon | MultiPolygon)[] = sites.map((_, i) => {
    const cell = voronoi.cellPolygon(i).map((q) => [Math.round(q[0] * 100) / 100, Math.round(q[1] * 100) / 100]);
    const clipped = intersect(featureCollection([turfPolygon([cell]), outlinePoly]));
    if (!clipped) throw new Error(`ward ${i} lies outside the outline`);
    return clipped.geometry;
  });
  const wardAt = (p: Pt): number => {
    let best = 0;
    for (let i = 1; i < sites.length; i++)
      if (Math.hypot(sites[i][0] - p[0], sites[i][1] - p[1]) < Math.hypot(sites[best][0] - p[0], sites[best][1] - p[1]))
        best = i;
    return best;
  };
  const names = new Array<string>(sites.length).fill('');
  const townWard = wardAt(TOWN);
  const stationWard = wardAt(STATION);
  names[townWard] = 'Hollowfield Central';
  if (stationWard !== townWard) names[stationWard] = 'Hollowfield Wharf';
  const pool = WARD_NAMES.filter((n) => !names.includes(n));
  for (let i = 0; i < names.length; i++) if (!names[i]) names[i] = pool.shift()!;
  const order = sites.map((_, i) => i).sort((a, b) => sites[b][1] - sites[a][1] || sites[a][0] - sites[b][0]);
  const codes = new Array<string>(sites.length);
  order.forEach((w, k) => (codes[w] = `X05${String(k + 1).padStart(6, '0')}`));
  const wardFeatures: Feature[] = order.map((w) => {
    const g = wardGeoms[w];
    const geometry: Polygon | MultiPolygon =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map(ringToWgs) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ringToWgs)) };
    return {
      type: 'Feature',
      properties: { code: codes[w], name: names[w], borough: BOROUGH, synthetic: true },
      geometry,
    };
  });
  const wardsFc = {
    type: 'FeatureCollection',
    name: `${BOROUGH} wards`,
    description: 'SYNTHETIC demo data: invented borough, wards and codes (X prefix). Not real.',
    features: wardFeatures,
  };
  return { sites, order, codes, wardAt, townWard, geojson: JSON.stringify(wardsFc) + '\n' };
}

/** Population: invented; low in the town-centre ward (few residents, many visitors), high on the estate. */
function populationCsv(rnd: () => number, w: DemoWards): string {
  const estateWard = w.wardAt(ESTATE);
  let pop = 'code,population\n';
  for (const ward of w.order) {
    let p = 9000 + Math.round(rnd() * 5000);
    if (ward === w.townWard) p -= 4000;
    if (ward === estateWard) p += 3500;
    pop += `${w.codes[ward]},${p}\n`;
  }
  return pop;
}

interface Lsoas {
  codes: string[];
  names: string[];
  nearest: (p: Pt) => number;
}

/** LSOAs: nearest of 110 seeds; codes X01…, names "Hollowfield 003B" (MSOA number north to south). */
function lsoasOf(randomInside: () => Pt): Lsoas {
  const seeds: Pt[] = Array.from({ length: 110 }, randomInside).sort((a, b) => b[1] - a[1]);
  const nearest = (p: Pt): number => {
    let best = 0;
    let bd = Infinity;
    for (let i = 0; i < seeds.length; i++) {
      const d = (seeds[i][0] - p[0]) ** 2 + (seeds[i][1] - p[1]) ** 2;
      if (d < bd) [bd, best] = [d, i];
    }
    return best;
  };
  return {
    codes: seeds.map((_, i) => `X01${String(i + 1).padStart(6, '0')}`),
    names: seeds.map((_, i) => `Hollowfield ${String(Math.floor(i / 5) + 1).padStart(3, '0')}${'ABCDE'[i % 5]}`),
    nearest,
  };
}

/** Streets and their map points (police.uk snaps every crime to one of a limited set of points), and named non-street points. */
function mapPointsOf(
  rnd: () => number,
  outline: Pt[],
  randomInside: () => Pt,
  lsoas: Lsoas,
): { mapPoints: MapPoint[]; streets: Feature[] } {
  const mapPoints: MapPoint[] = [];
  // Recorded for the demo basemap only; drawing no random number, so the crimes are unchanged.
  const streets: Feature[] = [];
  const MAIN_ROADS: Record<string, string> = {
    'High Street': 'primary',
    'Station Road': 'primary',
    'Dunmere Road': 'primary',
    'Market Parade': 'secondary',
  };
  const addStreet = (name: string, path: Pt[], spacing: number): void => {
    streets.push({
      type: 'Feature',
      properties: { name, class: MAIN_ROADS[name] ?? 'minor', synthetic: true },
      geometry: { type: 'LineString', coordinates: path.map(lonLat) },
    });
    for (let s = 0; s + 1 < path.length; s++) {
      const [a, b] = [path[s], path[s + 1]];
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const k = Math.max(1, Math.round(len / spacing));
      for (let j = s === 0 ? 0 : 1; j <= k; j++) {
        const p: Pt = [a[0] + ((b[0] - a[0]) * j) / k, a[1] + ((b[1] - a[1]) * j) / k];
        if (pointInRing(p, outline)) mapPoints.push({ p, location: `On or near ${name}`, lsoa: lsoas.nearest(p) });
      }
    }
  };
  addStreet('High Street', [off(TOWN, -900, -350), TOWN, off(TOWN, 900, 300)], 70);
  addStreet('Station Road', [TOWN, STATION, off(STATION, 500, 400)], 80);
  addStreet('Market Parade', [STRIP_A, STRIP_B], 50);
  addStreet('Kestrel Way', [off(ESTATE, -400, -100), off(ESTATE, 400, 100)], 70);
  addStreet('Merlin Close', [off(ESTATE, -100, -350), off(ESTATE, 80, 350)], 70);
  addStreet('Harrier Walk', [off(ESTATE, -300, 250), off(ESTATE, 300, -250)], 70);
  addStreet('Dunmere Road', [off(NORTH_STATION, -700, -300), NORTH_STATION, off(NORTH_STATION, 600, 400)], 80);
  const used = new Set<string>();
  for (let s = 0; s < 150; s++) {
    let name: string;
    do
      name = `${STREET_PREFIX[Math.floor(rnd() * STREET_PREFIX.length)]} ${STREET_SUFFIX[Math.floor(rnd() * STREET_SUFFIX.length)]}`;
    while (used.has(name));
    used.add(name);
    const path: Pt[] = [randomInside()];
    let heading = rnd() * 2 * Math.PI;
    for (let seg = 0; seg < 3; seg++) {
      heading += (rnd() - 0.5) * 1.0;
      const len = 150 + rnd() * 300;
      const last = path[path.length - 1];
      path.push([last[0] + len * Math.cos(heading), last[1] + len * Math.sin(heading)]);
    }
    addStreet(name, path, 90 + rnd() * 40);
  }
  // Named non-street map points, as police.uk has them.
  const poi = (name: string, p: Pt): void =>
    void mapPoints.push({ p, location: `On or near ${name}`, lsoa: lsoas.nearest(p) });
  poi('Shopping Area', off(TOWN, 60, 40));
  poi('Supermarket', off(TOWN, -120, -90));
  poi('Nightclub', off(STRIP_B, -80, -20));
  poi('Parking Area', off(STATION, 90, -60));
  poi('Sports/Recreation Area', off(ESTATE, 600, 350));
  poi('Petrol Station', off(TOWN, 1400, -900));
  return { mapPoints, streets };
}

/** A crime's location columns (longitude, latitude, location, LSOA code and name): the nearest map point's, as police.uk snaps them. */
function locator(mapPoints: MapPoint[], lsoas: Lsoas): (p: Pt) => string {
  const mpX = Float64Array.from(mapPoints, (m) => m.p[0]);
  const mpY = Float64Array.from(mapPoints, (m) => m.p[1]);
  const mpWgs = mapPoints.map((m) => lonLat(m.p));
  const snap = (p: Pt): number => {
    let best = 0;
    let bd = Infinity;
    for (let i = 0; i < mpX.length; i++) {
      const d = (mpX[i] - p[0]) ** 2 + (mpY[i] - p[1]) ** 2;
      if (d < bd) [bd, best] = [d, i];
    }
    return best;
  };
  return (p) => {
    const k = snap(p);
    const mp = mapPoints[k];
    return `${mpWgs[k][0].toFixed(6)},${mpWgs[k][1].toFixed(6)},${mp.location},${lsoas.codes[mp.lsoa]},${lsoas.names[mp.lsoa]}`;
  };
}

/** The crime rows of 2023 and 2024 by month (police.uk street CSV lines), drawn around the centres. */
function crimesOf(
  rnd: () => number,
  outline: Pt[],
  randomInside: () => Pt,
  mapPoints: MapPoint[],
  lsoas: Lsoas,
  files: Map<string, string>,
): Record<string, number> {
  const locate = locator(mapPoints, lsoas);
  const hex = (): string => {
    let s = '';
    for (let k = 0; k < 8; k++)
      s += Math.floor(rnd() * 4294967296)
        .toString(16)
        .padStart(8, '0');
    return s;
  };
  const outcomeNames = OUTCOMES.map((o) => o[0]);
  const outcomeWeights = OUTCOMES.map((o) => o[1]);
  const rows: Record<string, number> = {};
  const crimePoint = (centre: Centre): Pt => {
    let p: Pt;
    do {
      if (centre.key === 'background') p = randomInside();
      else if (centre.to) {
        const t = rnd();
        p = [
          centre.at[0] + t * (centre.to[0] - centre.at[0]) + centre.sd * gauss(rnd),
          centre.at[1] + t * (centre.to[1] - centre.at[1]) + centre.sd * gauss(rnd),
        ];
      } else p = [centre.at[0] + centre.sd * gauss(rnd), centre.at[1] + centre.sd * gauss(rnd)];
    } while (!pointInRing(p, outline));
    return p;
  };
  for (const year of [2023, 2024]) {
    const byMonth: string[][] = Array.from({ length: 12 }, () => []);
    for (const centre of CENTRES) {
      const n = Math.round(centre.perYear * (year === 2023 ? centre.y2023 : 1));
      const cats = Object.keys(centre.mix);
      const catWeights = cats.map((c) => centre.mix[c]);
      for (let i = 0; i < n; i++) {
        const cat = pickWeighted(rnd, cats, catWeights);
        const m = pickWeighted(rnd, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], monthWeights(cat));
        const p = crimePoint(centre);
        const isAsb = cat === ASB;
        const id = isAsb ? '' : hex();
        const outcome = isAsb ? '' : pickWeighted(rnd, outcomeNames, outcomeWeights);
        const month = `${year}-${String(m + 1).padStart(2, '0')}`;
        let loc: string;
        if (rnd() < 0.01) loc = ',,No Location,,';
        else loc = locate(p);
        byMonth[m].push(`${id},${month},${FORCE},${FORCE},${loc},${cat},${outcome},`);
      }
    }
    for (let m = 0; m < 12; m++) {
      // police.uk files are not in any meaningful order; shuffle deterministically.
      const list = byMonth[m];
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      const ym = `${year}-${String(m + 1).padStart(2, '0')}`;
      files.set(`crimes/${ym}/${ym}-hollowfield-street.csv`, `${POLICE_UK_HEADER}\n${list.join('\n')}\n`);
      rows[ym] = list.length;
    }
  }
  return rows;
}

/** Every file of data/demo, drawn from one seeded generator in a fixed order (so the output is byte-for-byte the same). */
export function generateDemo(seed = DEMO_SEED): DemoFiles {
  const rnd = mulberry32(seed);
  const files = new Map<string, string>();
  const { outline, bbox, randomInside } = outlineOf(rnd);
  const wards = wardsOf(outline, bbox, randomInside);
  files.set('wards.geojson', wards.geojson);
  files.set('population.csv', populationCsv(rnd, wards));
  const lsoas = lsoasOf(randomInside);
  const { mapPoints, streets } = mapPointsOf(rnd, outline, randomInside, lsoas);
  const rows = crimesOf(rnd, outline, randomInside, mapPoints, lsoas, files);
  files.set(
    'places.geojson',
    JSON.stringify({
      ...placesGeojson(),
      name: `${BOROUGH} places`,
      description: 'SYNTHETIC demo data: invented places. Not real.',
    }) + '\n',
  );
  files.set('README.md', demoReadme(seed, wards.sites.length, rows));
  const streetsFc = {
    type: 'FeatureCollection',
    name: `${BOROUGH} streets`,
    description: 'SYNTHETIC demo data: invented streets. Not real.',
    features: streets,
  };
  return { files, rows, streets: JSON.stringify(streetsFc) + '\n' };
}

function main(): void {
  const out = resolve(dirname(fileURLToPath(import.meta.url)), '../data/demo');
  rmSync(join(out, 'crimes'), { recursive: true, force: true });
  const { files, rows, streets } = generateDemo();
  const streetsPath = resolve(out, '../demo-basemap/hollowfield-streets.geojson');
  mkdirSync(dirname(streetsPath), { recursive: true });
  writeFileSync(streetsPath, streets);
  let bytes = 0;
  for (const [rel, text] of files) {
    const path = join(out, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
  }
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  console.log(`data/demo: ${files.size} files, ${(bytes / 1e6).toFixed(2)} MB, ${total} crime rows`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
