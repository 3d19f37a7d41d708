import { describe, expect, it } from 'vitest';
import { hotspotAreas, hotspotThreshold, streetName } from '../../src/analysis/hotspots/areas.ts';
import {
  cellsAbove,
  changeSurfaces,
  hotspotStability,
  hotspotStabilityOfRows,
} from '../../src/analysis/hotspots/change.ts';
import { countGrid } from '../../src/analysis/kde/bin.ts';
import { patrolAreas } from '../../src/analysis/hotspots/patrol.ts';
import { signedArea } from '../../src/analysis/hotspots/polygon.ts';
import { southToNorth, uniquePoints } from '../../src/core/uniquePoints.ts';
import type { GridSpec } from '../../src/analysis/kde/grid.ts';

// 20 × 20 grid of 10 m cells with lower-left corner (1000, 2000).
const grid: GridSpec = { x0: 1000, y0: 2000, cell: 10, nx: 20, ny: 20 };
function surface(): Float64Array {
  const v = new Float64Array(400);
  // Hotspot A: block cols 3..9 × rows 3..9 at 10, with a hole at (6, 6).
  for (let r = 3; r <= 9; r++) for (let c = 3; c <= 9; c++) v[r * 20 + c] = 10;
  v[6 * 20 + 6] = 0;
  // Hotspot B: a lone cell (15, 15) at 10.
  v[15 * 20 + 15] = 10;
  return v;
}
const toLonLat = (x: number, y: number): [number, number] => [x / 1000, y / 1000];

describe('thresholds', () => {
  it('k × mean of non-zero cells, or top X% of non-zero cells', () => {
    const v = Float64Array.of(0, 0, 1, 2, 3, 6, 0, NaN);
    // non-zero: 1 2 3 6 → mean 3 → 2× = 6
    expect(hotspotThreshold(v, { kind: 'mean-multiple', k: 2 })).toBe(6);
    // top 50% of 4 non-zero cells = 2 cells → threshold 3
    expect(hotspotThreshold(v, { kind: 'top-percent', percent: 50 })).toBe(3);
    expect(hotspotThreshold(new Float64Array(4), { kind: 'mean-multiple', k: 1 })).toBe(Infinity);
  });
});

describe('hotspot areas', () => {
  const x = Float64Array.of(1045, 1052, 1061, 1065, 1155, 1300, 1001);
  const y = Float64Array.of(2045, 2070, 2080, 2065, 2155, 2300, 2001);
  // Rows: 0–2 in A (2 on High Road, 1 Park Lane), 3 in A's hole, 4 in B, 5–6 outside.
  const locations = ['', 'On or near High Road', 'On or near Park Lane', 'On or near Other Street'];
  const location = Uint32Array.of(1, 1, 2, 3, 0, 3, 3);
  const categories = ['Burglary', 'Robbery', 'Drugs'];
  const category = Uint16Array.of(0, 1, 1, 2, 2, 0, 0);
  const wardAt = (px: number) => (px < 1060 ? 0 : 1);

  it('places contour crossings at cell centres + interpolation (half-cell convention), in BNG metres', () => {
    // Threshold 2.5 between 0 and 10: crossing 1/4 of the way from the 0-cell centre to the 10-cell centre.
    // Columns 2 (centre 1025) and 3 (centre 1035): crossing at 1025 + 2.5 = 1027.5.
    const { hotspots } = hotspotAreas(
      { values: surface(), grid },
      { x, y },
      { threshold: 2.5, toLonLat, method: 'threshold' },
    );
    const a = hotspots.find((h) => h.rings.length === 2)!;
    const xs = a.rings[0].map((p) => p[0]);
    expect(Math.min(...xs)).toBeCloseTo(1027.5, 9);
    // Right edge: between col 9 (1095) and col 10 (1105): 1105 − 2.5 = 1102.5
    expect(Math.max(...xs)).toBeCloseTo(1102.5, 9);
  });

  it('splits parts, counts points with holes, labels, wards, categories, area, sorted by count', () => {
    const res = hotspotAreas(
      { values: surface(), grid },
      { x, y, location, locations, category, categories },
      { threshold: 5, toLonLat, method: 'threshold', wardAt },
    );
    expect(res.threshold).toBe(5);
    expect(res.total).toBe(7);
    expect(res.hotspots).toHaveLength(2);
    const [a, b] = res.hotspots;
    expect(a.id).toBe('H1');
    expect(a.count).toBe(3); // the point in the hole is not counted
    expect(a.share).toBeCloseTo(3 / 7, 12);
    expect(a.label).toBe('High Road');
    expect(a.categories).toEqual([
      { name: 'Robbery', count: 2 },
      { name: 'Burglary', count: 1 },
    ]);
    expect(a.wards).toEqual([0, 1]);
    // t = 5 is halfway: the block's outline runs midway between centres, a 70 m square (7 cells),
    // with each of the 4 outer corners cut by a triangle of legs 5 m (0.125 cell² = 12.5 m²);
    // the hole around the single 0-cell is a diamond through the 4 midpoints 5 m from its centre:
    // area 2·5² = 50 m². Area = 4900 − 4·12.5 − 50 = 4800 m².
    expect(a.areaKm2).toBeCloseTo(4800 / 1e6, 12);
    expect(a.peak).toBe(10);
    expect(b.count).toBe(1);
    // Its only point has an empty location: named after the street-named point nearest its peak
    // cell's centre (1155, 2155): Park Lane at (1061, 2080), 120 m away (Other Street 127 m, High Road 133 m).
    expect(b.label).toBe('Park Lane');
    expect(b.wards).toEqual([1]);
    // Lone cell: diamond of half-diagonal 5 m → area 50 m².
    expect(b.areaKm2).toBeCloseTo(50 / 1e6, 12);
    // GeoJSON: WGS84 via toLonLat, closed rings, exterior CCW and holes CW (RFC 7946).
    const g = a.feature.geometry.coordinates as [number, number][][];
    expect(g).toHaveLength(2);
    expect(g[0][0]).toEqual(g[0][g[0].length - 1]);
    expect(signedArea(g[0])).toBeGreaterThan(0);
    expect(signedArea(g[1])).toBeLessThan(0);
    expect(g[0][0][0]).toBeCloseTo(a.rings[0][0][0] / 1000, 12);
    expect(a.feature.properties).toMatchObject({ id: 'H1', rank: 1, count: 3, label: 'High Road' });
  });

  it('counts the same crimes per area as a brute-force point-in-polygon over every area', () => {
    // A bumpy 60 × 60 surface with many areas, and 5,000 seeded random points.
    const g: GridSpec = { x0: 0, y0: 0, cell: 10, nx: 60, ny: 60 };
    const v = new Float64Array(3600);
    for (let r = 0; r < 60; r++)
      for (let c = 0; c < 60; c++) v[r * 60 + c] = Math.sin(c / 3) * Math.cos(r / 4) + 0.3 * Math.sin((c * r) / 50);
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const px = Float64Array.from({ length: 5000 }, () => rnd() * 600);
    const py = Float64Array.from({ length: 5000 }, () => rnd() * 600);
    const res = hotspotAreas(
      { values: v, grid: g },
      { x: px, y: py },
      { threshold: 0.5, toLonLat, method: 'threshold' },
    );
    expect(res.hotspots.length).toBeGreaterThan(10);
    const inRingBrute = (ring: [number, number][], qx: number, qy: number) => {
      let inside = false;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > qy !== yj > qy && qx < ((xj - xi) * (qy - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    };
    for (const h of res.hotspots) {
      let brute = 0;
      for (let k = 0; k < px.length; k++)
        if (inRingBrute(h.rings[0], px[k], py[k]) && !h.rings.slice(1).some((hole) => inRingBrute(hole, px[k], py[k])))
          brute++;
      expect(h.count).toBe(brute);
    }
    // Peak and wards come from the cells whose centre is inside each area (settled by flood
    // fill from one ray cast per connected set of cells): the same as testing every centre.
    const wardAtStripes = (qx: number, qy: number) =>
      qx < 0 || qy < 0 ? -1 : Math.floor(qx / 70) + 10 * Math.floor(qy / 130);
    const withWards = hotspotAreas(
      { values: v, grid: g },
      { x: px, y: py },
      { threshold: 0.5, toLonLat, method: 'threshold', wardAt: wardAtStripes },
    );
    expect(withWards.hotspots.length).toBe(res.hotspots.length);
    for (const h of withWards.hotspots) {
      let peak = 0;
      const wards = new Set<number>();
      for (let r = 0; r < 60; r++)
        for (let c = 0; c < 60; c++) {
          const cx = (c + 0.5) * 10;
          const cy = (r + 0.5) * 10;
          if (!inRingBrute(h.rings[0], cx, cy) || h.rings.slice(1).some((hole) => inRingBrute(hole, cx, cy))) continue;
          peak = Math.max(peak, v[r * 60 + c]);
          wards.add(wardAtStripes(cx, cy));
        }
      for (const ring of h.rings) for (const [vx, vy] of ring) wards.add(wardAtStripes(vx, vy));
      expect(h.peak).toBe(peak);
      expect(h.wards).toEqual([...wards].filter((w) => w >= 0).sort((a, b) => a - b));
    }
    // Most points are settled by the square classification, not a ray cast: the same answer has
    // to hold with small areas dropped (their full squares then own nothing), with a row subset,
    // and for the crime types and street labels tallied per area.
    const cats = ['A', 'B', 'C'];
    const category = Uint16Array.from({ length: 5000 }, () => Math.floor(rnd() * 3));
    const locations = ['On or near X Road', 'On or near Y Street', 'On or near Z Lane', 'On or near W Way'];
    const location = Uint32Array.from({ length: 5000 }, () => Math.floor(rnd() * 4));
    const sub = Uint32Array.from({ length: 2500 }, (_, i) => i * 2);
    // The other rows stand for a comparison window: counted in each area by the same rule.
    const other = Uint32Array.from({ length: 2500 }, (_, i) => i * 2 + 1);
    const big = hotspotAreas(
      { values: v, grid: g },
      { x: px, y: py, index: sub, category, categories: cats, location, locations, compareIndex: other },
      { threshold: 0.5, toLonLat, method: 'threshold', minAreaKm2: 0.002 },
    );
    expect(big.hotspots.length).toBeGreaterThan(3);
    // With the table's distinct points given, each is classified once: the same areas and counts.
    const viaUnique = hotspotAreas(
      { values: v, grid: g },
      {
        x: px,
        y: py,
        index: sub,
        category,
        categories: cats,
        location,
        locations,
        compareIndex: other,
        unique: uniquePoints(px, py),
      },
      { threshold: 0.5, toLonLat, method: 'threshold', minAreaKm2: 0.002 },
    );
    expect(viaUnique.hotspots.map((h) => [h.count, h.previousCount, h.label, h.categories])).toEqual(
      big.hotspots.map((h) => [h.count, h.previousCount, h.label, h.categories]),
    );
    // …and numbered south to north (as the session keeps them).
    const viaSorted = hotspotAreas(
      { values: v, grid: g },
      {
        x: px,
        y: py,
        index: sub,
        category,
        categories: cats,
        location,
        locations,
        compareIndex: other,
        unique: southToNorth(uniquePoints(px, py), 10),
      },
      { threshold: 0.5, toLonLat, method: 'threshold', minAreaKm2: 0.002 },
    );
    expect(viaSorted.hotspots.map((h) => [h.count, h.previousCount, h.label, h.categories])).toEqual(
      big.hotspots.map((h) => [h.count, h.previousCount, h.label, h.categories]),
    );
    expect(big.hotspots.length).toBeLessThan(res.hotspots.length);
    for (const h of big.hotspots) {
      const byCat = new Map<string, number>();
      const byLoc = new Map<string, number>();
      let brute = 0;
      for (const k of sub) {
        if (!inRingBrute(h.rings[0], px[k], py[k]) || h.rings.slice(1).some((hole) => inRingBrute(hole, px[k], py[k])))
          continue;
        brute++;
        byCat.set(cats[category[k]], (byCat.get(cats[category[k]]) ?? 0) + 1);
      }
      // Named from ALL the rows inside (naming.ts rule 1), not only the window's.
      for (let k = 0; k < px.length; k++) {
        if (!inRingBrute(h.rings[0], px[k], py[k]) || h.rings.slice(1).some((hole) => inRingBrute(hole, px[k], py[k])))
          continue;
        const street = locations[location[k]].replace('On or near ', '');
        byLoc.set(street, (byLoc.get(street) ?? 0) + 1);
      }
      expect(h.count).toBe(brute);
      let bruteOther = 0;
      for (const k of other)
        if (inRingBrute(h.rings[0], px[k], py[k]) && !h.rings.slice(1).some((hole) => inRingBrute(hole, px[k], py[k])))
          bruteOther++;
      expect(h.previousCount).toBe(bruteOther);
      for (const c of h.categories) expect(c.count).toBe(byCat.get(c.name));
      const top = [...byLoc].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
      expect(h.label).toBe(top);
    }
  });

  it('uses the default 2× mean rule and returns nothing for an empty surface', () => {
    const res = hotspotAreas({ values: surface(), grid }, { x, y }, { toLonLat, method: 'threshold' });
    expect(res.threshold).toBe(20); // all non-zero cells are 10 → 2 × 10; nothing reaches it
    expect(res.hotspots).toEqual([]);
    expect(
      hotspotAreas({ values: new Float64Array(400), grid }, { x, y }, { toLonLat, method: 'threshold' }).hotspots,
    ).toEqual([]);
  });
});

describe('change between periods', () => {
  it('difference, ratio masked where the earlier density is ~0', () => {
    const c = changeSurfaces(Float64Array.of(0, 2, 4, 1e-12), Float64Array.of(3, 1, 8, 5));
    expect(Array.from(c.difference)).toEqual([3, -1, 4, 5 - 1e-12]);
    expect(c.ratio[0]).toBeNaN();
    expect(c.ratio[1]).toBe(0.5);
    expect(c.ratio[2]).toBe(2);
    expect(c.ratio[3]).toBeNaN(); // below 1e-6 × max(earlier) = 4e-6
  });
  it('PAI, RRI, Jaccard and entered/left/stayed by hand', () => {
    // 6 cells of 0.01 km²; H1 = cells 0,1,2; H2 = cells 1,2,3.
    const h1 = Uint8Array.of(1, 1, 1, 0, 0, 0);
    const h2 = Uint8Array.of(0, 1, 1, 1, 0, 0);
    const c1 = Float64Array.of(10, 5, 5, 2, 2, 6); // N1 = 30, n1 = 20
    const c2 = Float64Array.of(2, 4, 4, 10, 5, 5); // N2 = 30, n2 = 10
    const s = hotspotStability(h1, h2, c1, c2, 0.01);
    expect([s.n1, s.n2, s.N1, s.N2]).toEqual([20, 10, 30, 30]);
    // a/A = 0.03/0.06 = 0.5; PAI1 = (20/30)/0.5 = 1.3333; PAI2 = (10/30)/0.5 = 0.6667; RRI = 0.5
    expect(s.pai1).toBeCloseTo(4 / 3, 12);
    expect(s.pai2).toBeCloseTo(2 / 3, 12);
    expect(s.rri).toBeCloseTo(0.5, 12);
    // ∩ = {1,2}, ∪ = {0,1,2,3} → 0.5
    expect(s.jaccard).toBe(0.5);
    expect([s.entered, s.left, s.stayed]).toEqual([1, 1, 2]);
    expect(Array.from(cellsAbove(Float64Array.of(1, 5, 3), 3))).toEqual([0, 1, 1]);
  });
  it('from rows gives what the per-cell counts give (countGrid), with a study mask and rows off the grid', () => {
    let seed = 5;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const g = { x0: 1000, y0: 2000, cell: 10, nx: 30, ny: 20 };
    const n = 4000;
    // Points over the grid and 10% beyond it on every side.
    const x = Float64Array.from({ length: n }, () => g.x0 - 30 + rnd() * (g.nx * g.cell + 60));
    const y = Float64Array.from({ length: n }, () => g.y0 - 20 + rnd() * (g.ny * g.cell + 40));
    const rows1 = Uint32Array.from({ length: 1500 }, (_, k) => k);
    const rows2 = Uint32Array.from({ length: 2500 }, (_, k) => 1500 + k);
    const m = g.nx * g.ny;
    const h1 = Uint8Array.from({ length: m }, () => (rnd() < 0.2 ? 1 : 0));
    const h2 = Uint8Array.from({ length: m }, () => (rnd() < 0.25 ? 1 : 0));
    const mask = Uint8Array.from({ length: m }, (_, q) => (q % g.nx < 25 ? 1 : 0));
    for (const opts of [{}, { mask }, { mask, N1: 1500, N2: 2500, studyAreaKm2: 0.05 }]) {
      const byGrid = hotspotStability(
        h1,
        h2,
        countGrid(x, y, null, g, rows1).counts,
        countGrid(x, y, null, g, rows2).counts,
        1e-4,
        opts,
      );
      const byRows = hotspotStabilityOfRows(h1, h2, { x, y, rows1, rows2 }, g, 1e-4, opts);
      expect(byRows).toEqual(byGrid);
      expect(byRows.n1).toBeGreaterThan(100);
    }
  });
});

describe('patrol areas', () => {
  it('ranks by count with running shares and PAI', () => {
    const places = [
      { id: 'A', label: 'a', count: 10, areaKm2: 0.5 },
      { id: 'B', label: 'b', count: 30, areaKm2: 1 },
      { id: 'C', label: 'c', count: 10, areaKm2: 0.25 },
    ];
    const { rows, geojson } = patrolAreas(places, 100, 10, 2);
    expect(rows.map((r) => r.id)).toEqual(['B', 'C']); // tie A/C broken by smaller area
    // B: n/N = 0.3, a/A = 0.1 → PAI 3. Cumulative B+C: 40/100 over 1.25/10 → 0.4/0.125 = 3.2
    expect(rows[0].pai).toBeCloseTo(3, 12);
    expect(rows[1].pai).toBeCloseTo(0.1 / 0.025, 12);
    expect(rows[1].cumShare).toBeCloseTo(0.4, 12);
    expect(rows[1].cumAreaShare).toBeCloseTo(0.125, 12);
    expect(rows[1].cumPai).toBeCloseTo(3.2, 12);
    expect(geojson.features).toHaveLength(0); // no geometry supplied
  });
});

describe('streetName', () => {
  it('drops "On or near", puts police.uk\'s capital possessive S back in lower case and writes LU / DLR in capitals', () => {
    expect(streetName('On or near High Road')).toBe('High Road');
    expect(streetName("On or near Regent'S Park Road")).toBe("Regent's Park Road");
    expect(streetName("on or near St. John'S Wood Road")).toBe("St. John's Wood Road");
    expect(streetName('On or near King\u2019S Cross Road')).toBe("King's Cross Road");
    // Not a possessive: left alone.
    expect(streetName("On or near O'Shea Close")).toBe("O'Shea Close");
    expect(streetName('On or near S Street')).toBe('S Street');
    // police.uk's station points (API names).
    expect(streetName('Seven Sisters (lu Station)')).toBe('Seven Sisters (LU station)');
    expect(streetName('On or near Canary Wharf (dlr Station)')).toBe('Canary Wharf (DLR station)');
    expect(streetName('Finsbury Park (station)')).toBe('Finsbury Park (station)');
  });
});
