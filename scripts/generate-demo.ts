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
import proj4 from 'proj4';
import { featureCollection, intersect, polygon as turfPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

export const DEMO_SEED = 20240101;
export const BOROUGH = 'Hollowfield (synthetic demo)';
export const FORCE = 'Hollowfield Police (synthetic)';
export const POLICE_UK_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

const BNG =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';
const toWgs = proj4(BNG, 'WGS84');

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

type Pt = [number, number];
const CX = 530000;
const CY = 190000;

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
function lonLat(p: Pt): Position {
  const [lon, lat] = toWgs.forward([p[0], p[1]]);
  return [round6(lon), round6(lat)];
}
function ringToWgs(ring: Position[]): Position[] {
  return ring.map((p) => lonLat([p[0], p[1]]));
}

function pointInRing(p: Pt, ring: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function circle(c: Pt, r: number, n = 24): Pt[] {
  const ring: Pt[] = [];
  for (let k = 0; k < n; k++) ring.push([c[0] + r * Math.cos((2 * Math.PI * k) / n), c[1] + r * Math.sin((2 * Math.PI * k) / n)]);
  ring.push(ring[0]);
  return ring;
}

const WARD_NAMES = [
  'Hollowfield Central', 'Ashcombe Park', 'Bramblegate', 'Caddon Hill', 'Dunmere', 'Fallowmead',
  'Greyholt', 'Hollowfield Wharf', 'Kestrel Vale', 'Larkspur', 'Marrowby', 'Nettlecombe',
  'Oakhythe', 'Pennimore Rise', 'Quarrydown', 'Rookery Green', 'Saltmarsh End', 'Thistlebrook',
  'Umberley', 'Vennwood', 'Wickhollow', 'Yarrowfield', 'Cressing Common', 'Tallowgate',
];

const STREET_PREFIX = [
  'Acorn', 'Badger', 'Beacon', 'Bell', 'Birch', 'Bramble', 'Brook', 'Cedar', 'Chapel', 'Cherry', 'Clover', 'Coppice',
  'Dove', 'Elder', 'Fern', 'Foundry', 'Glebe', 'Hazel', 'Heron', 'Holly', 'Juniper', 'Kiln', 'Lark', 'Linden', 'Maple',
  'Meadow', 'Mill', 'Orchard', 'Osier', 'Plover', 'Quarry', 'Rowan', 'Sorrel', 'Spindle', 'Tannery', 'Teasel', 'Vine',
  'Willow', 'Wren', 'Yew',
];
const STREET_SUFFIX = ['Road', 'Street', 'Avenue', 'Lane', 'Close', 'Grove', 'Gardens', 'Way', 'Crescent', 'Terrace', 'Drive', 'Walk'];

const OUTCOMES: [string, number][] = [
  ['Investigation complete; no suspect identified', 40],
  ['Unable to prosecute suspect', 22],
  ['Status update unavailable', 10],
  ['Under investigation', 8],
  ['Awaiting court outcome', 5],
  ['Court result unavailable', 4],
  ['Offender given a caution', 3],
  ['Local resolution', 4],
  ['Further investigation is not in the public interest', 2],
  ['Formal action is not in the public interest', 2],
];

type Mix = Record<string, number>;
const ASB = 'Anti-social behaviour';
interface Centre {
  key: string;
  /** Point centre, or a segment for a strip. */
  at: Pt;
  to?: Pt;
  sd: number;
  /** Crimes per year in 2024, and the 2023 multiplier. */
  perYear: number;
  y2023: number;
  mix: Mix;
}

const C = (dx: number, dy: number): Pt => [CX + dx, CY + dy];
const TOWN = C(150, -100);
const STATION = C(900, 700);
const STRIP_A = C(-1300, 600);
const STRIP_B = C(-600, 900);
const ESTATE = C(-1900, -1300);
const NORTH_STATION = C(-600, 2100);

const CENTRES: Centre[] = [
  {
    key: 'town', at: TOWN, sd: 220, perYear: 1100, y2023: 1.0,
    mix: { Shoplifting: 30, 'Theft from the person': 10, 'Other theft': 15, 'Violence and sexual offences': 15, 'Public order': 6, [ASB]: 18, 'Bicycle theft': 4, 'Criminal damage and arson': 3, Robbery: 3, Drugs: 3, 'Other crime': 1 },
  },
  {
    key: 'station', at: STATION, sd: 150, perYear: 800, y2023: 0.72,
    mix: { Robbery: 15, 'Theft from the person': 15, 'Bicycle theft': 10, 'Violence and sexual offences': 18, [ASB]: 20, 'Public order': 8, 'Other theft': 8, Drugs: 4, 'Possession of weapons': 2 },
  },
  {
    key: 'nte', at: STRIP_A, to: STRIP_B, sd: 45, perYear: 900, y2023: 1.05,
    mix: { 'Violence and sexual offences': 32, 'Public order': 14, Drugs: 10, 'Criminal damage and arson': 6, 'Possession of weapons': 4, [ASB]: 22, 'Theft from the person': 6, Robbery: 4, 'Other theft': 2 },
  },
  {
    key: 'estate', at: ESTATE, sd: 200, perYear: 950, y2023: 1.18,
    mix: { [ASB]: 30, 'Criminal damage and arson': 14, Drugs: 8, 'Violence and sexual offences': 22, Burglary: 10, 'Vehicle crime': 8, 'Public order': 4, 'Possession of weapons': 2, 'Other crime': 2 },
  },
  {
    key: 'north-station', at: NORTH_STATION, sd: 120, perYear: 250, y2023: 0.9,
    mix: { Robbery: 10, 'Theft from the person': 12, 'Bicycle theft': 12, 'Violence and sexual offences': 16, [ASB]: 25, 'Public order': 6, 'Other theft': 14, 'Criminal damage and arson': 5 },
  },
  {
    key: 'background', at: C(0, 0), sd: 0, perYear: 4500, y2023: 0.95,
    mix: { Burglary: 16, 'Vehicle crime': 16, 'Violence and sexual offences': 22, 'Criminal damage and arson': 10, 'Other theft': 10, [ASB]: 18, 'Public order': 3, 'Bicycle theft': 2, Drugs: 1, 'Other crime': 2, Shoplifting: 2 },
  },
];

/** Seasonal month weights: summer peak for violence/ASB/public order, December peak for shoplifting. */
function monthWeights(category: string): number[] {
  const w: number[] = [];
  for (let m = 0; m < 12; m++) {
    const summer = Math.cos((2 * Math.PI * (m - 6)) / 12); // peak July
    let v = 1;
    if (category === ASB || category === 'Violence and sexual offences' || category === 'Public order') v += 0.18 * summer;
    else if (category === 'Shoplifting') v += m === 11 ? 0.35 : m === 10 ? 0.15 : 0;
    else if (category === 'Burglary') v -= 0.15 * summer; // dark evenings
    else v += 0.05 * summer;
    w.push(v);
  }
  return w;
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

export function generateDemo(seed = DEMO_SEED): DemoFiles {
  const rnd = mulberry32(seed);
  const files = new Map<string, string>();

  // Borough outline: star-shaped ring (radial noise) around the centre, about 36 km².
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

  // Ward sites: one at each crime centre (so each centre dominates its own ward, as town
  // centres and stations do), the rest random, all at least 800 m apart.
  const sites: Pt[] = [TOWN, STATION, [(STRIP_A[0] + STRIP_B[0]) / 2, (STRIP_A[1] + STRIP_B[1]) / 2], ESTATE, NORTH_STATION];
  while (sites.length < WARD_NAMES.length) {
    const p = randomInside();
    if (sites.every((s) => Math.hypot(s[0] - p[0], s[1] - p[1]) >= 800)) sites.push([Math.round(p[0]), Math.round(p[1])]);
  }
  const voronoi = Delaunay.from(sites).voronoi([bbox[0] - 10, bbox[1] - 10, bbox[2] + 10, bbox[3] + 10]);
  const outlinePoly = turfPolygon([outline]);
  const wardGeoms: (Polygon | MultiPolygon)[] = sites.map((_, i) => {
    const cell = voronoi.cellPolygon(i).map((q) => [Math.round(q[0] * 100) / 100, Math.round(q[1] * 100) / 100]);
    const clipped = intersect(featureCollection([turfPolygon([cell]), outlinePoly]));
    if (!clipped) throw new Error(`ward ${i} lies outside the outline`);
    return clipped.geometry;
  });
  // The ward holding the town centre is "Hollowfield Central"; the station's ward "Hollowfield Wharf".
  const wardAt = (p: Pt): number => {
    let best = 0;
    for (let i = 1; i < sites.length; i++) if (Math.hypot(sites[i][0] - p[0], sites[i][1] - p[1]) < Math.hypot(sites[best][0] - p[0], sites[best][1] - p[1])) best = i;
    return best;
  };
  const names = new Array<string>(sites.length).fill('');
  const townWard = wardAt(TOWN);
  const stationWard = wardAt(STATION);
  names[townWard] = 'Hollowfield Central';
  if (stationWard !== townWard) names[stationWard] = 'Hollowfield Wharf';
  const pool = WARD_NAMES.filter((n) => !names.includes(n));
  for (let i = 0; i < names.length; i++) if (!names[i]) names[i] = pool.shift()!;
  // Codes numbered north-west to south-east, as ONS numbers roughly do.
  const order = sites.map((_, i) => i).sort((a, b) => sites[b][1] - sites[a][1] || sites[a][0] - sites[b][0]);
  const codes = new Array<string>(sites.length);
  order.forEach((w, k) => (codes[w] = `X05${String(k + 1).padStart(6, '0')}`));

  const wardFeatures: Feature[] = order.map((w) => {
    const g = wardGeoms[w];
    const geometry: Polygon | MultiPolygon =
      g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ringToWgs) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ringToWgs)) };
    return { type: 'Feature', properties: { code: codes[w], name: names[w], borough: BOROUGH, synthetic: true }, geometry };
  });
  const wardsFc = { type: 'FeatureCollection', name: `${BOROUGH} wards`, description: 'SYNTHETIC demo data: invented borough, wards and codes (X prefix). Not real.', features: wardFeatures };
  files.set('wards.geojson', JSON.stringify(wardsFc) + '\n');

  // Population: invented; low in the town-centre ward (few residents, many visitors), high on the estate.
  const estateWard = wardAt(ESTATE);
  let pop = 'code,population\n';
  for (const w of order) {
    let p = 9000 + Math.round(rnd() * 5000);
    if (w === townWard) p -= 4000;
    if (w === estateWard) p += 3500;
    pop += `${codes[w]},${p}\n`;
  }
  files.set('population.csv', pop);

  // LSOAs: nearest of 110 seeds; codes X01…, names "Hollowfield 003B" (MSOA number north to south).
  const lsoaSeeds: Pt[] = Array.from({ length: 110 }, randomInside).sort((a, b) => b[1] - a[1]);
  const lsoaCodes = lsoaSeeds.map((_, i) => `X01${String(i + 1).padStart(6, '0')}`);
  const lsoaNames = lsoaSeeds.map((_, i) => `Hollowfield ${String(Math.floor(i / 5) + 1).padStart(3, '0')}${'ABCDE'[i % 5]}`);
  const nearestLsoa = (p: Pt): number => {
    let best = 0;
    let bd = Infinity;
    for (let i = 0; i < lsoaSeeds.length; i++) {
      const d = (lsoaSeeds[i][0] - p[0]) ** 2 + (lsoaSeeds[i][1] - p[1]) ** 2;
      if (d < bd) [bd, best] = [d, i];
    }
    return best;
  };

  // Streets and their map points (police.uk snaps every crime to one of a limited set of points).
  const mapPoints: MapPoint[] = [];
  // Recorded for the demo basemap only; drawing no random number, so the crimes are unchanged.
  const streets: Feature[] = [];
  const MAIN_ROADS: Record<string, string> = { 'High Street': 'primary', 'Station Road': 'primary', 'Dunmere Road': 'primary', 'Market Parade': 'secondary' };
  const addStreet = (name: string, path: Pt[], spacing: number): void => {
    streets.push({ type: 'Feature', properties: { name, class: MAIN_ROADS[name] ?? 'minor', synthetic: true }, geometry: { type: 'LineString', coordinates: path.map(lonLat) } });
    for (let s = 0; s + 1 < path.length; s++) {
      const [a, b] = [path[s], path[s + 1]];
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const k = Math.max(1, Math.round(len / spacing));
      for (let j = s === 0 ? 0 : 1; j <= k; j++) {
        const p: Pt = [a[0] + ((b[0] - a[0]) * j) / k, a[1] + ((b[1] - a[1]) * j) / k];
        if (pointInRing(p, outline)) mapPoints.push({ p, location: `On or near ${name}`, lsoa: nearestLsoa(p) });
      }
    }
  };
  const off = (p: Pt, dx: number, dy: number): Pt => [p[0] + dx, p[1] + dy];
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
    do name = `${STREET_PREFIX[Math.floor(rnd() * STREET_PREFIX.length)]} ${STREET_SUFFIX[Math.floor(rnd() * STREET_SUFFIX.length)]}`;
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
  const poi = (name: string, p: Pt): void => void mapPoints.push({ p, location: `On or near ${name}`, lsoa: nearestLsoa(p) });
  poi('Shopping Area', off(TOWN, 60, 40));
  poi('Supermarket', off(TOWN, -120, -90));
  poi('Nightclub', off(STRIP_B, -80, -20));
  poi('Parking Area', off(STATION, 90, -60));
  poi('Sports/Recreation Area', off(ESTATE, 600, 350));
  poi('Petrol Station', off(TOWN, 1400, -900));
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

  const hex = (): string => {
    let s = '';
    for (let k = 0; k < 8; k++) s += Math.floor(rnd() * 4294967296).toString(16).padStart(8, '0');
    return s;
  };
  const outcomeNames = OUTCOMES.map((o) => o[0]);
  const outcomeWeights = OUTCOMES.map((o) => o[1]);
  const rows: Record<string, number> = {};

  for (const year of [2023, 2024]) {
    const byMonth: string[][] = Array.from({ length: 12 }, () => []);
    for (const centre of CENTRES) {
      const n = Math.round(centre.perYear * (year === 2023 ? centre.y2023 : 1));
      const cats = Object.keys(centre.mix);
      const catWeights = cats.map((c) => centre.mix[c]);
      for (let i = 0; i < n; i++) {
        const cat = pickWeighted(rnd, cats, catWeights);
        const m = pickWeighted(rnd, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], monthWeights(cat));
        let p: Pt;
        do {
          if (centre.key === 'background') p = randomInside();
          else if (centre.to) {
            const t = rnd();
            p = [centre.at[0] + t * (centre.to[0] - centre.at[0]) + centre.sd * gauss(rnd), centre.at[1] + t * (centre.to[1] - centre.at[1]) + centre.sd * gauss(rnd)];
          } else p = [centre.at[0] + centre.sd * gauss(rnd), centre.at[1] + centre.sd * gauss(rnd)];
        } while (!pointInRing(p, outline));
        const isAsb = cat === ASB;
        const id = isAsb ? '' : hex();
        const outcome = isAsb ? '' : pickWeighted(rnd, outcomeNames, outcomeWeights);
        const month = `${year}-${String(m + 1).padStart(2, '0')}`;
        let loc: string;
        if (rnd() < 0.01) loc = ',,No Location,,';
        else {
          const k = snap(p);
          const mp = mapPoints[k];
          loc = `${mpWgs[k][0].toFixed(6)},${mpWgs[k][1].toFixed(6)},${mp.location},${lsoaCodes[mp.lsoa]},${lsoaNames[mp.lsoa]}`;
        }
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

  // Places: each at one of the crime centres, so hotspots get labels.
  const place = (name: string, type: string, geometry: Feature['geometry']): Feature => ({ type: 'Feature', properties: { name, type, synthetic: true }, geometry });
  const pt = (p: Pt): Feature['geometry'] => ({ type: 'Point', coordinates: lonLat(p) });
  const poly = (ring: Pt[]): Feature['geometry'] => ({ type: 'Polygon', coordinates: [ring.map(lonLat)] });
  const dx = STRIP_B[0] - STRIP_A[0];
  const dy = STRIP_B[1] - STRIP_A[1];
  const len = Math.hypot(dx, dy);
  const [nx, ny] = [(-dy / len) * 70, (dx / len) * 70];
  const [ex, ey] = [(dx / len) * 60, (dy / len) * 60];
  const strip: Pt[] = [
    [STRIP_A[0] - ex + nx, STRIP_A[1] - ey + ny],
    [STRIP_A[0] - ex - nx, STRIP_A[1] - ey - ny],
    [STRIP_B[0] + ex - nx, STRIP_B[1] + ey - ny],
    [STRIP_B[0] + ex + nx, STRIP_B[1] + ey + ny],
  ];
  strip.push(strip[0]);
  const along = (t: number, side: number): Pt => [STRIP_A[0] + t * dx + (side * nx) / 2, STRIP_A[1] + t * dy + (side * ny) / 2];
  const places: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      place('Hollowfield Central station', 'transport hub', pt(STATION)),
      place('Dunmere station', 'transport hub', pt(NORTH_STATION)),
      place('Hollowfield Town Centre', 'town centre', poly(circle(TOWN, 380))),
      place('Market Parade', 'night-time economy', poly(strip)),
      place('The Lantern', 'licensed premises', pt(along(0.15, 1))),
      place("The Drover's Rest", 'licensed premises', pt(along(0.4, -1))),
      place('Club Meridian', 'licensed premises', pt(along(0.7, 1))),
      place('The Old Foundry Tap', 'licensed premises', pt(along(0.9, -1))),
      place('Kestrel Estate', 'housing estate', poly(circle(ESTATE, 320))),
      place('Thistlebrook Park', 'park', poly(circle(off(ESTATE, 650, 380), 250))),
      place('Kestrel Academy', 'school', pt(off(ESTATE, -380, 300))),
    ],
  };
  files.set('places.geojson', JSON.stringify({ ...places, name: `${BOROUGH} places`, description: 'SYNTHETIC demo data: invented places. Not real.' }) + '\n');

  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  const total2024 = Object.entries(rows).filter(([k]) => k.startsWith('2024')).reduce((a, [, v]) => a + v, 0);
  files.set(
    'README.md',
    `# Hollowfield (synthetic demo)

**Everything in this folder is SYNTHETIC.** Hollowfield is an invented borough. Its
outline, wards, ward names, codes, streets, places, population and every crime record
were generated by \`scripts/generate-demo.ts\` from a seeded pseudo-random generator
(mulberry32, seed **${seed}**). None of it describes a real place, person or crime.
The borough is drawn near British National Grid ${CX} E, ${CY} N only so that the map
has a plausible scale and projection; it does not correspond to the real places there.

Regenerate (byte-for-byte identical output):

    npx tsx scripts/generate-demo.ts

## Files

- \`wards.geojson\` — ${sites.length} wards (Voronoi cells clipped to the borough outline),
  WGS84. Properties: \`code\` (X05000001…; the X prefix marks synthetic codes, never real
  GSS codes), \`name\`, \`borough\` = "${BOROUGH}", \`synthetic\` = true.
- \`crimes/YYYY-MM/YYYY-MM-hollowfield-street.csv\` — police.uk street-level CSV layout,
  2023-01 … 2024-12 (${total} rows; ${total2024} in 2024). Force "${FORCE}". Crime ID is a
  random 64-hex string (empty for anti-social behaviour, as on police.uk); locations are
  snapped to a limited set of map points per invented street ("On or near Kestrel Way"),
  about 1% of rows are "No Location"; LSOA codes X01… and names "Hollowfield 001A" are
  synthetic.
- \`population.csv\` — \`code,population\`, invented resident counts per ward.
- \`places.geojson\` — invented places with \`name\` and \`type\` (transport hub, town
  centre, night-time economy, licensed premises, housing estate, school, park), placed at
  the crime centres so hotspots get labels.

## How the crimes are made

Five centres with their own crime-type mixes over a background spread across the borough:
Hollowfield Town Centre (shoplifting, thefts), Hollowfield Central station (robbery, theft
from the person, bicycle theft), the Market Parade night-time-economy strip (violence,
public order, drugs), Kestrel Estate (anti-social behaviour, criminal damage, burglary) and
Dunmere station (small). Months follow mild seasonal weights (summer peak for violence and
ASB, December peak for shoplifting). 2023 differs on purpose: the station centre had about
28% fewer crimes, Kestrel Estate about 18% more, so a 2024-vs-2023 comparison shows real
changes.
`,
  );
  const streetsFc = { type: 'FeatureCollection', name: `${BOROUGH} streets`, description: 'SYNTHETIC demo data: invented streets. Not real.', features: streets };
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
