/**
 * A tiny synthetic borough for the e2e tests, used when data/demo/ is not present:
 * 4 × 3 square wards near (-0.10, 51.55), police.uk street CSVs for 2024-01..2024-12
 * with two clusters, and a population CSV. Deterministic (seeded LCG). Not real data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function makeFixture(dir) {
  let seed = 42;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const lon0 = -0.13,
    lat0 = 51.54,
    dLon = 0.015,
    dLat = 0.01;
  const features = [];
  const pop = ['ward_code,population'];
  let k = 0;
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) {
      const code = `X0500${String(++k).padStart(4, '0')}`;
      const x0 = lon0 + c * dLon,
        y0 = lat0 + r * dLat;
      features.push({
        type: 'Feature',
        properties: { WD24CD: code, WD24NM: `Testward ${String.fromCharCode(64 + k)}`, LAD24NM: 'Hollowfield' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x0 + dLon, y0],
              [x0 + dLon, y0 + dLat],
              [x0, y0 + dLat],
              [x0, y0],
            ],
          ],
        },
      });
      pop.push(`${code},${8000 + k * 300}`);
    }
  mkdirSync(join(dir, 'crimes'), { recursive: true });
  writeFileSync(join(dir, 'wards.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
  writeFileSync(join(dir, 'population.csv'), pop.join('\n') + '\n');
  const types = [
    'Burglary',
    'Robbery',
    'Vehicle crime',
    'Violence and sexual offences',
    'Anti-social behaviour',
    'Shoplifting',
    'Criminal damage and arson',
  ];
  const files = [];
  for (let m = 1; m <= 12; m++) {
    const month = `2024-${String(m).padStart(2, '0')}`;
    const rows = [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    ];
    for (let i = 0; i < 250; i++) {
      let lon, lat;
      const u = rnd();
      if (u < 0.35) {
        lon = -0.1 + gauss() * 0.002;
        lat = 51.555 + gauss() * 0.0015;
      } else if (u < 0.5) {
        lon = -0.078 + gauss() * 0.0015;
        lat = 51.563 + gauss() * 0.001;
      } else {
        lon = lon0 + rnd() * 4 * dLon;
        lat = lat0 + rnd() * 3 * dLat;
      }
      const t = types[Math.floor(rnd() * types.length)];
      rows.push(
        `${t === 'Anti-social behaviour' ? '' : `id${m}-${i}`},${month},Metropolitan Police Service,Metropolitan Police Service,${lon.toFixed(6)},${lat.toFixed(6)},On or near Test Street,E01000001,Hollowfield 001A,${t},,`,
      );
    }
    rows.push(
      `nolocation${m},${month},Metropolitan Police Service,Metropolitan Police Service,,,No Location,,,Burglary,,`,
    );
    const p = join(dir, 'crimes', `${month}-hollowfield-street.csv`);
    writeFileSync(p, rows.join('\n') + '\n');
    files.push(p);
  }
  return [join(dir, 'wards.geojson'), join(dir, 'population.csv'), ...files];
}
