/**
 * Real police.uk data (../shared/data, README §2). Expected numbers are the README's;
 * per-category counts are also re-derived by a naive split(',') reader (these files have
 * no quotes) as an independent implementation.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CrimeIngest } from '../../src/io/crimeIngest.ts';
import { describeData, dataPath, readData } from '../helpers/sharedData.ts';

const NOW = new Date(2025, 5, 1);
const sum = (o: Partial<Record<string, number>>) => Object.values(o).reduce((a: number, b) => a + (b ?? 0), 0);

function loadDir(rel: string) {
  const ing = new CrimeIngest({ now: NOW });
  const naive: Record<string, number> = {};
  const naiveWithCoords: Record<string, number> = {};
  for (const f of readdirSync(dataPath(rel))
    .filter((n) => n.endsWith('.csv'))
    .sort()) {
    const bytes = readData(`${rel}/${f}`);
    ing.addFile(f, bytes);
    const lines = new TextDecoder()
      .decode(bytes)
      .split('\n')
      .slice(1)
      .filter((l) => l !== '');
    for (const l of lines) {
      const c = l.split(',');
      naive[c[9]] = (naive[c[9]] ?? 0) + 1;
      if (c[4] !== '') naiveWithCoords[c[9]] = (naiveWithCoords[c[9]] ?? 0) + 1;
    }
  }
  const { table, report } = ing.finish();
  const inTable: Record<string, number> = {};
  for (let i = 0; i < table.length; i++)
    inTable[table.categories[table.category[i]]] = (inTable[table.categories[table.category[i]]] ?? 0) + 1;
  return { table, report, naive, naiveWithCoords, inTable };
}

describeData('real data: Met burglary 2017–2018 (README 2b)', 'police-uk/street-csv/metropolitan-burglary-only', () => {
  it('reads 156,469 rows, 556 without coordinates, every row accounted for', () => {
    const { table, report, naive } = loadDir('police-uk/street-csv/metropolitan-burglary-only');
    expect(report.files).toHaveLength(24);
    expect(report.rowsRead).toBe(156469);
    expect(report.rejected).toEqual({ 'no-coordinates': 556 });
    expect(report.used).toBe(156469 - 556);
    expect(report.used + sum(report.rejected)).toBe(report.rowsRead);
    expect(table.length).toBe(report.used);
    expect(naive).toEqual({ Burglary: 156469 });
    expect(table.forces.slice(1)).toEqual(['Metropolitan Police Service']);
    const rows = report.files.map((f) => f.rowsRead);
    expect(Math.min(...rows)).toBe(5634);
    expect(Math.max(...rows)).toBe(7882);
    // Extent (README): lon −2.977302 … 1.395644, lat 50.851726 … 54.654486
    let minLon = Infinity,
      maxLon = -Infinity,
      minLat = Infinity,
      maxLat = -Infinity;
    for (let i = 0; i < table.length; i++) {
      minLon = Math.min(minLon, table.lon[i]);
      maxLon = Math.max(maxLon, table.lon[i]);
      minLat = Math.min(minLat, table.lat[i]);
      maxLat = Math.max(maxLat, table.lat[i]);
    }
    expect([minLon, maxLon, minLat, maxLat]).toEqual([-2.977302, 1.395644, 50.851726, 54.654486]);
    let haringey = 0;
    for (let i = 0; i < table.length; i++) if (table.lsoas[table.lsoa[i]].startsWith('E0100')) haringey++;
    expect(haringey).toBeGreaterThan(0);
  });
});

describeData('real data: City of London 2017–2018 (README 2a)', 'police-uk/street-csv/city-of-london', () => {
  it('reads 15,858 rows, 991 without coordinates, 14 categories with the README counts', () => {
    const { table, report, naive, naiveWithCoords, inTable } = loadDir('police-uk/street-csv/city-of-london');
    expect(report.rowsRead).toBe(15858);
    expect(report.rejected).toEqual({ 'no-coordinates': 991 });
    expect(report.used).toBe(15858 - 991);
    expect(naive).toEqual({
      'Anti-social behaviour': 3043,
      'Other theft': 3269,
      'Violence and sexual offences': 2268,
      Shoplifting: 1675,
      'Theft from the person': 1321,
      'Bicycle theft': 832,
      Drugs: 722,
      'Public order': 665,
      Burglary: 574,
      'Criminal damage and arson': 484,
      'Vehicle crime': 446,
      'Other crime': 275,
      Robbery: 160,
      'Possession of weapons': 124,
    });
    expect(inTable).toEqual(naiveWithCoords);
    expect(report.files.map((f) => f.months.length)).toEqual(Array(24).fill(1));
    expect(table.forces.slice(1)).toEqual(['City of London Police']);
  });
});

describeData(
  'real data: police.uk API, Haringey wards 2017-01…2018-06 (README 2d)',
  'police-uk/api-json/crimes-street-haringey-wards',
  () => {
    it('reads 56,328 records, 54,216 unique ids, BTP kept, README category counts', () => {
      const root = 'police-uk/api-json/crimes-street-haringey-wards';
      const ing = new CrimeIngest({ now: NOW });
      const slugs: Record<string, number> = {};
      const btpIds = new Set<number>();
      let btpRecords = 0;
      let files = 0;
      for (const m of readdirSync(dataPath(root)).sort()) {
        for (const f of readdirSync(dataPath(`${root}/${m}`)).sort()) {
          const bytes = readData(`${root}/${m}/${f}`);
          ing.addFile(f, bytes);
          files++;
          for (const r of JSON.parse(new TextDecoder().decode(bytes)) as {
            category: string;
            location_type: string;
            id: number;
          }[]) {
            slugs[r.category] = (slugs[r.category] ?? 0) + 1;
            if (r.location_type === 'BTP') {
              btpRecords++;
              btpIds.add(r.id);
            }
          }
        }
      }
      const { table, report } = ing.finish();
      expect(files).toBe(342);
      expect(report.rowsRead).toBe(56328);
      expect(report.rejected).toEqual({ 'duplicate-id': 2112 });
      expect(report.used).toBe(54216);
      expect(slugs).toEqual({
        'violent-crime': 12247,
        'anti-social-behaviour': 11289,
        'vehicle-crime': 6434,
        'other-theft': 5233,
        burglary: 3863,
        'theft-from-the-person': 3260,
        'criminal-damage-arson': 3078,
        'public-order': 2816,
        robbery: 2698,
        shoplifting: 1936,
        drugs: 1872,
        'bicycle-theft': 701,
        'other-crime': 473,
        'possession-of-weapons': 428,
      });
      expect(btpRecords).toBe(1051);
      let btp = 0;
      for (let i = 0; i < table.length; i++) if (table.forces[table.force[i]] === 'British Transport Police') btp++;
      expect(btp).toBe(btpIds.size);
      expect(new Set(Array.from(table.category, (c) => table.categories[c])).size).toBe(14);
      const perMonth = new Map<number, number>();
      for (const f of report.files) perMonth.set(f.months[0], (perMonth.get(f.months[0]) ?? 0) + f.rowsRead);
      expect([...perMonth.values()].slice(0, 3)).toEqual([2778, 2713, 3034]);
    });
  },
);
