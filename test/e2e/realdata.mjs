/**
 * Helpers for the end-to-end tests that walk a user's real paths with the real data in
 * ../shared/data (never committed): where the files are, a drop onto the page as a user makes
 * it, and counts made independently of the app (a plain even–odd ray cast in lon/lat on the
 * boundary GeoJSON, and a reader of its own for police.uk files) to check the page's figures.
 *
 * Real-data tests FAIL under CI=true when ../shared/data is missing and are skipped with a
 * visible notice otherwise (the rule of test/helpers/sharedData.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const SHARED = process.env.HOTSPOT_SHARED_DATA ?? resolve(import.meta.dirname, '../../../shared/data');
export const data = (rel) => join(SHARED, rel);

export const HARINGEY_WARDS = data('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson');
export const LONDON_WARDS_2014 = data('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson');
export const HARINGEY_API = data('police-uk/api-json/crimes-street-haringey-wards');
export const CITY_CSV = data('police-uk/street-csv/city-of-london');
export const MET_BURGLARY = data('police-uk/street-csv/metropolitan-burglary-only');

/** True when every path exists; throws under CI when one is missing; else prints a notice and returns false. */
export function haveData(name, ...paths) {
  const missing = paths.filter((p) => !existsSync(p));
  if (!missing.length) return true;
  if (process.env.CI === 'true' || process.env.CI === '1')
    throw new Error(`real test data missing under CI: ${missing.join(', ')}`);
  console.log(`\n*** NOTICE: "${name}" SKIPPED: ${missing[0]} not found (../shared/data); it runs in CI.\n`);
  return false;
}

/** Every file under a folder, sorted, recursively. */
export function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

/**
 * Drops files onto the page the way a user's drag and drop arrives: a `drop` event on the page
 * whose DataTransfer holds the files (with `name` as the File's name; default the base name).
 */
export async function dropFiles(page, files) {
  const payload = files.map((f) =>
    typeof f === 'string'
      ? { name: basename(f), b64: readFileSync(f).toString('base64') }
      : { name: f.name, b64: Buffer.from(f.text).toString('base64') },
  );
  const dt = await page.evaluateHandle((items) => {
    const t = new DataTransfer();
    for (const it of items) {
      const bin = atob(it.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      t.items.add(new File([bytes], it.name));
    }
    return t;
  }, payload);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

// ---------------------------------------------------------------- independent counting

/** Ward finder over a GeoJSON FeatureCollection: (lon, lat) → feature index or −1 (even–odd over all rings). */
export function wardFinder(fc) {
  const wards = fc.features.map((f) => {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const rings = polys.flat();
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const r of rings)
      for (const [x, y] of r) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    return { rings, box: [x0, y0, x1, y1] };
  });
  return (lon, lat) => {
    for (let w = 0; w < wards.length; w++) {
      const { rings, box } = wards[w];
      if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) continue;
      let inside = false;
      for (const r of rings)
        for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
          const [xi, yi] = r[i];
          const [xj, yj] = r[j];
          if (yi > lat !== yj > lat && xi + ((lat - yi) * (xj - xi)) / (yj - yi) > lon) inside = !inside;
        }
      if (inside) return w;
    }
    return -1;
  };
}

/** Fields of one CSV line (RFC 4180 quotes). */
function fields(line) {
  const out = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** police.uk street CSV rows as { month, type, lon, lat } (rows without coordinates left out). */
export function streetRows(path) {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const head = fields(lines[0]);
  const col = (n) => head.indexOf(n);
  const [m, t, lo, la] = [col('Month'), col('Crime type'), col('Longitude'), col('Latitude')];
  const rows = [];
  for (const l of lines.slice(1)) {
    const f = fields(l);
    if (f[lo] === '' || f[la] === '') continue;
    rows.push({ month: f[m], type: f[t], lon: Number(f[lo]), lat: Number(f[la]) });
  }
  return rows;
}

/** police.uk API crimes-street records, deduplicated by id (per-ward queries repeat boundary crimes), as { month, type, lon, lat }. */
export function apiRows(paths) {
  const seen = new Set();
  const rows = [];
  for (const p of paths) {
    for (const r of JSON.parse(readFileSync(p, 'utf8'))) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      rows.push({
        month: r.month,
        type: r.category,
        lon: Number(r.location.longitude),
        lat: Number(r.location.latitude),
      });
    }
  }
  return rows;
}

/** Crimes per ward code (ASB left out, as "all crime"; `keep` filters further), and the total. */
export function countByWard(rows, fc, keep = () => true) {
  const find = wardFinder(fc);
  const byCode = new Map();
  let total = 0;
  for (const r of rows) {
    if (!keep(r) || /anti-social/i.test(r.type)) continue;
    const w = find(r.lon, r.lat);
    if (w < 0) continue;
    const code = String(fc.features[w].properties.GSS_CODE ?? fc.features[w].properties.code);
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
    total++;
  }
  return { byCode, total };
}

/** The page's ward table as code → count (every row: "Show all" opened first when there is one). */
export async function pageWardCounts(page) {
  const more = page.locator('[data-testid="show-all-wards"][aria-expanded="false"]');
  if (await more.count()) {
    await more.click();
    await page.waitForSelector('[data-testid="show-all-wards"][aria-expanded="true"]');
  }
  return new Map(
    await page.$$eval('[data-testid="ward-row"]', (rows) =>
      rows.map((r) => [r.getAttribute('data-ward-code'), Number(r.getAttribute('data-count'))]),
    ),
  );
}

/** Differences between two code → count maps, as "code: page vs expected" lines. */
export function diffCounts(got, want) {
  const out = [];
  for (const k of new Set([...got.keys(), ...want.keys()])) {
    const a = got.get(k) ?? 0;
    const b = want.get(k) ?? 0;
    if (a !== b) out.push(`${k}: page ${a} vs independent ${b}`);
  }
  return out;
}
