/**
 * Synthetic benchmark inputs (never committed; generated on the fly by `npm run bench`).
 *
 * - generatePoliceUkCsv: a police.uk street-level CSV (real header and column layout,
 *   64-hex Crime IDs, empty ID and outcome for ASB, 6-decimal coordinates snapped to
 *   ~100k map points clustered over Greater London, ~1% "No Location", all 14 categories,
 *   12 months), about 220 bytes a row. Bytes are written straight into a buffer so 1M rows
 *   take a second or two.
 * - generateLondonWards: ~650 Voronoi wards over London's bounding box, every edge densified
 *   with deterministic jitter to ~200 vertices per ward; neighbours share identical
 *   boundaries (perf-and-style.md §A3).
 * Codes use the X prefix (X05… wards, X01… LSOAs): synthetic, never real GSS codes.
 */
import { Delaunay } from 'd3';

/** mulberry32: small, fast, seedable PRNG. */
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

/** Greater London's extent in WGS84: west, south, east, north. */
export const LONDON_BBOX = [-0.51, 51.28, 0.34, 51.69] as const;

export const POLICE_UK_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** police.uk categories with rough London proportions (weights, not exact shares). */
const CATEGORY_WEIGHTS: [string, number][] = [
  ['Anti-social behaviour', 22],
  ['Bicycle theft', 2],
  ['Burglary', 7],
  ['Criminal damage and arson', 6],
  ['Drugs', 4],
  ['Other crime', 1],
  ['Other theft', 12],
  ['Possession of weapons', 1],
  ['Public order', 6],
  ['Robbery', 3],
  ['Shoplifting', 6],
  ['Theft from the person', 5],
  ['Vehicle crime', 8],
  ['Violence and sexual offences', 17],
];
const OUTCOMES = [
  'Investigation complete; no suspect identified',
  'Unable to prosecute suspect',
  'Status update unavailable',
  'Under investigation',
  'Awaiting court outcome',
  'Offender given a caution',
  'Local resolution',
];
const BOROUGHS = [
  'Camden',
  'Hackney',
  'Haringey',
  'Islington',
  'Lambeth',
  'Newham',
  'Southwark',
  'Tower Hamlets',
  'Westminster',
  'Croydon',
  'Ealing',
  'Barnet',
];
const PREFIX = [
  'Acorn',
  'Beacon',
  'Birch',
  'Bramble',
  'Cedar',
  'Chapel',
  'Clover',
  'Elder',
  'Fern',
  'Glebe',
  'Hazel',
  'Heron',
  'Kiln',
  'Linden',
  'Maple',
  'Mill',
  'Orchard',
  'Rowan',
  'Sorrel',
  'Willow',
];
const SUFFIX = ['Road', 'Street', 'Avenue', 'Lane', 'Close', 'Grove', 'Gardens', 'Way', 'Terrace', 'Walk'];

const enc = new TextEncoder();
const HEX = enc.encode('0123456789abcdef');

/** A police.uk-style CSV of `rows` crimes (UTF-8 bytes, LF line ends). Deterministic for a seed. */
export function generatePoliceUkCsv(rows: number, seed: number, mapPoints = 100_000): Uint8Array {
  const rnd = mulberry32(seed);
  const [w, s, e, n] = LONDON_BBOX;
  // Map points: clustered around 400 centres, denser towards central London.
  const centres: [number, number, number][] = [];
  for (let k = 0; k < 400; k++) {
    const central = rnd() < 0.5;
    const lon = central ? -0.11 + 0.12 * gaussian(rnd) : w + rnd() * (e - w);
    const lat = central ? 51.51 + 0.06 * gaussian(rnd) : s + rnd() * (n - s);
    centres.push([lon, lat, 0.003 + rnd() * 0.012]);
  }
  const points: Uint8Array[] = [];
  const pointWeight = new Float64Array(mapPoints);
  for (let k = 0; k < mapPoints; k++) {
    const c = centres[Math.floor(rnd() * centres.length)];
    const lon = Math.min(e, Math.max(w, c[0] + c[2] * 1.6 * gaussian(rnd)));
    const lat = Math.min(n, Math.max(s, c[1] + c[2] * gaussian(rnd)));
    const street = `${PREFIX[Math.floor(rnd() * PREFIX.length)]} ${SUFFIX[Math.floor(rnd() * SUFFIX.length)]}`;
    const lsoa = Math.floor(rnd() * 4900);
    const borough = BOROUGHS[lsoa % BOROUGHS.length];
    const name = `${borough} ${String(1 + (lsoa % 40)).padStart(3, '0')}${'ABCDE'[lsoa % 5]}`;
    points.push(
      enc.encode(
        `${lon.toFixed(6)},${lat.toFixed(6)},On or near ${street},X01${String(lsoa + 1).padStart(6, '0')},${name}`,
      ),
    );
    // Skewed popularity: a few map points collect many crimes, as on police.uk.
    pointWeight[k] = (k === 0 ? 0 : pointWeight[k - 1]) + 1 / (0.02 + rnd());
  }
  const totalWeight = pointWeight[mapPoints - 1];
  const noLocation = enc.encode(',,No Location,,');
  const cats = CATEGORY_WEIGHTS.map(([c]) => enc.encode(c));
  const catCum = new Float64Array(cats.length);
  CATEGORY_WEIGHTS.forEach(([, wgt], i) => (catCum[i] = (i ? catCum[i - 1] : 0) + wgt));
  const outcomes = OUTCOMES.map((o) => enc.encode(o));
  const force = enc.encode(',Metropolitan Police Service,Metropolitan Police Service,');
  const months = Array.from({ length: 12 }, (_, m) => enc.encode(`2024-${String(m + 1).padStart(2, '0')}`));

  let buf: Uint8Array = new Uint8Array(Math.max(1024, rows * 240 + 256));
  let pos = 0;
  // Every row is < 512 bytes; the loop keeps that much headroom, so put() never overflows.
  const put = (b: Uint8Array): void => {
    buf.set(b, pos);
    pos += b.length;
  };
  put(enc.encode(POLICE_UK_HEADER + '\n'));
  for (let r = 0; r < rows; r++) {
    if (pos + 512 > buf.length) buf = growTo(buf, buf.length * 2);
    const u = rnd() * catCum[cats.length - 1];
    let c = 0;
    while (catCum[c] <= u) c++;
    const asb = c === 0;
    if (!asb) {
      for (let k = 0; k < 8; k++) {
        let v = (rnd() * 4294967296) >>> 0;
        for (let d = 7; d >= 0; d--) {
          buf[pos + d] = HEX[v & 15];
          v >>>= 4;
        }
        pos += 8;
      }
    }
    buf[pos++] = 44; // ','
    put(months[Math.floor(rnd() * 12)]);
    put(force);
    if (rnd() < 0.01) put(noLocation);
    else put(points[pickCumulative(pointWeight, rnd() * totalWeight)]);
    buf[pos++] = 44;
    put(cats[c]);
    buf[pos++] = 44;
    if (!asb) put(outcomes[Math.floor(rnd() * outcomes.length)]);
    buf[pos++] = 44;
    buf[pos++] = 10; // '\n'
  }
  return buf.subarray(0, pos);
}

function growTo(a: Uint8Array, size: number): Uint8Array {
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

function pickCumulative(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Deterministic 32-bit hash of a string (FNV-1a), for per-edge jitter seeds. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * ~`count` Voronoi wards over London's bbox as a WGS84 GeoJSON FeatureCollection string.
 * Every edge is split into pieces so a ward has ~`verticesPerWard` vertices; the interior
 * vertices get a smooth sideways jitter seeded by the edge itself, so both neighbours build
 * byte-identical shared boundaries. Properties: code (X05…), name, borough.
 */
export function generateLondonWards(count = 650, seed = 1, verticesPerWard = 200): string {
  const rnd = mulberry32(seed);
  const [w, s, e, n] = LONDON_BBOX;
  const sites: number[] = [];
  while (sites.length < count * 2) {
    const central = rnd() < 0.6;
    const lon = central ? -0.11 + 0.15 * gaussian(rnd) : w + rnd() * (e - w);
    const lat = central ? 51.51 + 0.08 * gaussian(rnd) : s + rnd() * (n - s);
    if (lon > w && lon < e && lat > s && lat < n) sites.push(lon, lat);
  }
  const voronoi = new Delaunay(Float64Array.from(sites)).voronoi([w, s, e, n]);
  const q = (v: number): number => Math.round(v * 1e7) / 1e7;
  const rings: [number, number][][] = [];
  let perimeter = 0;
  for (let i = 0; i < count; i++) {
    const cell = voronoi.cellPolygon(i);
    if (!cell) continue;
    const ring = cell.map(([x, y]) => [q(x), q(y)] as [number, number]);
    for (let k = 0; k + 1 < ring.length; k++)
      perimeter += Math.hypot(ring[k + 1][0] - ring[k][0], ring[k + 1][1] - ring[k][1]);
    rings.push(ring);
  }
  // One step length for all edges (pieces depend on the edge alone, so neighbours agree).
  const step = perimeter / rings.length / verticesPerWard;
  const features: string[] = [];
  for (let i = 0; i < rings.length; i++) {
    const ring = rings[i];
    const edges = ring.length - 1;
    const out: string[] = [];
    for (let k = 0; k < edges; k++) {
      const a = ring[k];
      const b = ring[k + 1];
      if (a[0] === b[0] && a[1] === b[1]) continue;
      // Canonical direction (lexicographically smaller endpoint first) → identical for both neighbours.
      const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
      const [p0, p1] = forward ? [a, b] : [b, a];
      const er = mulberry32(hash(`${p0[0]},${p0[1]},${p1[0]},${p1[1]}`, seed));
      const phase = er() * 2 * Math.PI;
      const amp = 0.04 * (0.5 + er());
      const dx = p1[0] - p0[0];
      const dy = p1[1] - p0[1];
      const pieces = Math.max(1, Math.round(Math.hypot(dx, dy) / step));
      const pts: string[] = [];
      for (let j = 0; j < pieces; j++) {
        const t = j / pieces;
        const bump = j === 0 ? 0 : amp * Math.sin(Math.PI * t) * Math.sin(3 * Math.PI * t + phase);
        pts.push(`[${q(p0[0] + t * dx - bump * dy)},${q(p0[1] + t * dy + bump * dx)}]`);
      }
      if (forward) out.push(...pts);
      else {
        // Same points walked from the other end: vertex j of the reversed edge is piece (pieces − j).
        pts.push(`[${p1[0]},${p1[1]}]`);
        pts.reverse();
        out.push(...pts.slice(0, pieces));
      }
    }
    out.push(out[0]);
    const code = `X05${String(i + 1).padStart(6, '0')}`;
    features.push(
      `{"type":"Feature","properties":{"code":"${code}","name":"Bench Ward ${i + 1}","borough":"Bench London (synthetic)"},"geometry":{"type":"Polygon","coordinates":[[${out.join(',')}]]}}`,
    );
  }
  return `{"type":"FeatureCollection","name":"Synthetic London benchmark wards","features":[${features.join(',')}]}`;
}
