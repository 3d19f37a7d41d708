import { describe, expect, it } from 'vitest';
import { LONDON_BBOX, POLICE_UK_HEADER, generateLondonWards, generatePoliceUkCsv } from '../../bench/generate.ts';

describe('generatePoliceUkCsv', () => {
  const bytes = generatePoliceUkCsv(20_000, 7, 5_000);
  const lines = new TextDecoder().decode(bytes).split('\n');

  it("has police.uk's header and layout", () => {
    expect(lines[0]).toBe(POLICE_UK_HEADER);
    expect(lines.length).toBe(20_002); // header + rows + '' after the final LF
    expect(lines[lines.length - 1]).toBe('');
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    expect(rows.every((f) => f.length === 12)).toBe(true);
    expect(new Set(rows.map((f) => f[9])).size).toBe(14);
    expect(new Set(rows.map((f) => f[1])).size).toBe(12);
    for (const f of rows) {
      if (f[9] === 'Anti-social behaviour') expect(f[0] + f[10]).toBe('');
      else expect(f[0]).toMatch(/^[0-9a-f]{64}$/);
      if (f[4] !== '') {
        expect(f[4]).toMatch(/^-?\d+\.\d{6}$/);
        expect(+f[4]).toBeGreaterThanOrEqual(LONDON_BBOX[0]);
        expect(+f[5]).toBeLessThanOrEqual(LONDON_BBOX[3]);
      } else expect(f[6]).toBe('No Location');
    }
    const noLoc = rows.filter((f) => f[4] === '').length / rows.length;
    expect(noLoc).toBeGreaterThan(0.005);
    expect(noLoc).toBeLessThan(0.015);
    const bytesPerRow = bytes.length / 20_000;
    expect(bytesPerRow).toBeGreaterThan(190);
    expect(bytesPerRow).toBeLessThan(250);
  });

  it('is deterministic for a seed', () => {
    expect(generatePoliceUkCsv(500, 7, 5_000)).toEqual(generatePoliceUkCsv(500, 7, 5_000));
    expect(generatePoliceUkCsv(500, 8, 5_000)).not.toEqual(generatePoliceUkCsv(500, 7, 5_000));
  });
});

describe('generateLondonWards', () => {
  const fc = JSON.parse(generateLondonWards(120, 3, 100)) as {
    features: { properties: { code: string }; geometry: { coordinates: number[][][] } }[];
  };

  it('makes the wards with ~the asked vertex count', () => {
    expect(fc.features.length).toBe(120);
    expect(new Set(fc.features.map((f) => f.properties.code)).size).toBe(120);
    const v = fc.features.reduce((s, f) => s + f.geometry.coordinates[0].length, 0) / 120;
    expect(v).toBeGreaterThan(80);
    expect(v).toBeLessThan(130);
    for (const f of fc.features) expect(f.geometry.coordinates[0][0]).toEqual(f.geometry.coordinates[0].at(-1));
  });

  it('neighbours share identical boundaries: every vertex off the bbox edge is in ≥ 2 wards', () => {
    const seen = new Map<string, number>();
    for (const f of fc.features)
      for (const p of f.geometry.coordinates[0].slice(0, -1)) seen.set(p.join(','), (seen.get(p.join(',')) ?? 0) + 1);
    const [w, s, e, n] = LONDON_BBOX;
    const margin = 0.01; // jittered points on the outer edges stay near the bbox
    let interior = 0;
    for (const [k, c] of seen) {
      const [x, y] = k.split(',').map(Number);
      if (x > w + margin && x < e - margin && y > s + margin && y < n - margin) {
        interior++;
        expect(c, k).toBeGreaterThanOrEqual(2);
      }
    }
    expect(interior).toBeGreaterThan(5000);
  });
});
