import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { hotspotRankLimit, hotspotsAtZoom } from '../../src/app/map/hotspotZoom.ts';
import { buildMapLibreData } from '../../src/app/map/layers.ts';
import type { AnalysisResult } from '../../src/analysis/sessionTypes.ts';

const fc = (n: number): FeatureCollection => ({
  type: 'FeatureCollection',
  features: Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { id: `H${i + 1}`, rank: i + 1 },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    },
  })),
});

describe('hotspot areas by zoom', () => {
  it('draws more areas as one zooms in, and every area from street zoom', () => {
    let prev = 0;
    for (let z = 8; z <= 18; z += 0.25) {
      const l = hotspotRankLimit(z);
      expect(l).toBeGreaterThanOrEqual(prev);
      prev = l;
    }
    expect(hotspotRankLimit(10)).toBe(10);
    expect(hotspotRankLimit(14)).toBe(Infinity);
  });

  it('keeps the leading ranks and the selected area, the same object for the same inputs', () => {
    const all = fc(900);
    const city = hotspotsAtZoom(all, 10.5, null);
    expect(city.features.map((f) => f.properties?.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const sel = hotspotsAtZoom(all, 10.5, 'H500');
    expect(sel.features.map((f) => f.properties?.id)).toEqual([...city.features.map((f) => f.properties?.id), 'H500']);
    expect(hotspotsAtZoom(all, 10.7, null)).toBe(city);
    expect(hotspotsAtZoom(all, 15, null)).toBe(all);
    expect(hotspotsAtZoom(fc(8), 9, null).features).toHaveLength(8);
  });

  it('is what the map layers get (buildMapLibreData with the zoom)', () => {
    const result = { hotspotGeojson: fc(300) } as unknown as AnalysisResult;
    const ui = { ward: null, hotspot: null, metric: 'none' as const, density: true };
    const base = { wards: null, result, wardByCode: new Map(), breaks: [] };
    expect(buildMapLibreData(ui, { ...base, zoom: 10 }).hotspots?.features).toHaveLength(10);
    expect(buildMapLibreData(ui, { ...base, zoom: 12.5 }).hotspots?.features).toHaveLength(60);
    expect(buildMapLibreData(ui, { ...base, zoom: 16 }).hotspots?.features).toHaveLength(300);
  });
});

describe('hotspot area method in the URL', () => {
  it('round-trips compact caps and the threshold rule, and leaves the default out', async () => {
    const { parseUrl, toSearch } = await import('../../src/app/state/url.ts');
    const d = parseUrl('');
    expect(d.areas).toEqual({ method: 'compact', maxAreaKm2: 1 });
    expect(toSearch(d)).not.toContain('areas=');
    for (const q of ['areas=compact%3A0.5', 'areas=threshold']) {
      const s = parseUrl(`?${q}`);
      expect(toSearch(s)).toContain(q);
    }
    expect(parseUrl('?areas=compact:2').areas).toEqual({ method: 'compact', maxAreaKm2: 2 });
    expect(parseUrl('?areas=threshold').areas.method).toBe('threshold');
    expect(parseUrl('?areas=compact:-1').areas).toEqual({ method: 'compact', maxAreaKm2: 1 });
  });
});
