/**
 * The basemap's style (src/app/map/basemapStyle.ts), its credit line, and which basemap the maps
 * draw (basemapChoice.ts). The real archive's schema is read from ../shared/data (describeData).
 */
import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { PMTiles, type Source } from 'pmtiles';
import {
  attributionText,
  BASEMAP_FADE,
  basemapStyle,
  fadeColour,
  BASEMAP_BACKGROUND,
  BASEMAP_SOURCE,
  LABEL_FONT,
  vectorBasemapLayers,
} from '../../src/app/map/basemapStyle.ts';
import { basemapChoice, DEMO_STREETS_ATTRIBUTION } from '../../src/app/map/basemapChoice.ts';
import type { LoadedBasemap } from '../../src/app/map/basemapSource.ts';
import { describeData, readData } from '../helpers/sharedData.ts';

const sourceLayers = (layers: LayerSpecification[]) =>
  new Set(layers.map((l) => ('source-layer' in l ? l['source-layer'] : undefined)).filter(Boolean));

describe('basemap style', () => {
  it('without a basemap is the offline background only: no source, no glyphs, no sprite', () => {
    const s = basemapStyle(null);
    expect(s.sources).toEqual({});
    expect(s.layers).toEqual([
      { id: 'background', type: 'background', paint: { 'background-color': BASEMAP_BACKGROUND } },
    ]);
    expect(s.glyphs).toBeUndefined();
    expect(s.sprite).toBeUndefined();
  });

  it('draws only the vector layers an archive declares, background first, every id unique', () => {
    const layers = vectorBasemapLayers(['water', 'roads', 'labels']);
    expect([...sourceLayers(layers)].sort()).toEqual(['labels', 'roads', 'water']);
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
    const s = basemapStyle({ kind: 'vector', url: 'pmtiles://local-1', vectorLayers: ['water', 'roads', 'labels'] });
    expect(s.layers[0].id).toBe('background');
    expect(s.sources[BASEMAP_SOURCE]).toEqual({ type: 'vector', url: 'pmtiles://local-1' });
    expect(s.glyphs).toBeUndefined();
    // Water under roads under labels.
    const order = s.layers.map((l) => l.type);
    expect(order.indexOf('fill')).toBeLessThan(order.indexOf('line'));
    expect(order.lastIndexOf('line')).toBeLessThan(order.indexOf('symbol'));
  });

  it('reads OpenMapTiles and Protomaps schemas: roads grey by class, street names along the line, local fonts', () => {
    const omt = vectorBasemapLayers([
      'water',
      'waterway',
      'landcover',
      'landuse',
      'park',
      'transportation',
      'transportation_name',
      'place',
    ]);
    expect(sourceLayers(omt)).toEqual(
      new Set(['water', 'waterway', 'landcover', 'landuse', 'park', 'transportation', 'transportation_name', 'place']),
    );
    const street = omt.find((l) => l.id === 'basemap-street-labels-transportation_name');
    expect(street?.type).toBe('symbol');
    expect(street && 'layout' in street ? street.layout : null).toMatchObject({
      'symbol-placement': 'line',
      'text-font': LABEL_FONT,
    });
    const roads = omt.filter((l) => l.type === 'line' && 'source-layer' in l && l['source-layer'] === 'transportation');
    const greys = roads.map((l) => (l.type === 'line' ? l.paint?.['line-color'] : null));
    expect(new Set(greys).size).toBe(3); // minor, medium, major
    const pm = vectorBasemapLayers(['earth', 'water', 'landuse', 'roads', 'places']);
    expect(sourceLayers(pm)).toEqual(new Set(['water', 'landuse', 'roads', 'places']));
    // Unknown archive (no metadata): every schema's layers (MapLibre skips the missing ones).
    expect(vectorBasemapLayers(null).length).toBeGreaterThan(omt.length);
  });

  it('the demo streets (GeoJSON) get the same road and street-name layers', () => {
    const s = basemapStyle({ kind: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    expect(s.sources[BASEMAP_SOURCE]).toMatchObject({ type: 'geojson' });
    expect(s.layers.map((l) => l.id)).toEqual(
      expect.arrayContaining(['background', 'basemap-road-minor', 'basemap-road-major', 'basemap-street-labels']),
    );
  });
});

describe('attribution text', () => {
  it('keeps the words and the link address of HTML credits, as plain text', () => {
    expect(attributionText('<a href="https://www.openstreetmap.org/copyright">&copy; OSM</a>')).toBe(
      '© OSM (openstreetmap.org/copyright)',
    );
    expect(
      attributionText(
        '<a href="https://protomaps.com">Protomaps</a> © <a href="https://openstreetmap.org">OpenStreetMap</a>',
      ),
    ).toBe('Protomaps (protomaps.com) © OpenStreetMap (openstreetmap.org)');
    expect(attributionText('© OpenStreetMap contributors')).toBe('© OpenStreetMap contributors');
    expect(attributionText('')).toBe('');
    expect(attributionText(null)).toBe('');
  });
  it('drops markup and script links; what is left is text, never HTML', () => {
    expect(attributionText('<img src=x onerror=alert(1)>© OSM<script>alert(1)</script>')).toBe('© OSM alert(1)');
    expect(attributionText('<a href="javascript:alert(1)">click</a>')).toBe('click');
    expect(attributionText('&lt;b&gt;bold&lt;/b&gt; &#169; &#x41;')).toBe('<b>bold</b> © A');
    expect(attributionText('x'.repeat(1000)).length).toBe(300);
  });
});

describe('which basemap the maps draw', () => {
  const streets = { type: 'FeatureCollection' as const, features: [] };
  const archive: LoadedBasemap = {
    key: 'local-1',
    from: 'a.pmtiles',
    name: 'London',
    attribution: '© OSM',
    source: { kind: 'vector', url: 'pmtiles://local-1', vectorLayers: ['water'] },
  };
  it('an opened archive first, then a style URL, then the demo streets while the demo shows, else none', () => {
    expect(
      basemapChoice({ basemap: archive, demo: true, demoStreets: streets, ui: { basemap: 'style.json' } }),
    ).toMatchObject({ key: 'local-1', attribution: '© OSM' });
    expect(
      basemapChoice({ basemap: null, demo: true, demoStreets: streets, ui: { basemap: 'style.json' } }),
    ).toMatchObject({ key: 'style:style.json', style: 'style.json' });
    expect(basemapChoice({ basemap: null, demo: true, demoStreets: streets, ui: { basemap: null } })).toMatchObject({
      key: 'demo-streets',
      attribution: DEMO_STREETS_ATTRIBUTION,
    });
    expect(basemapChoice({ basemap: null, demo: false, demoStreets: streets, ui: { basemap: null } })).toBeNull();
    // A .pmtiles address is opened by the page (it becomes `basemap`), not used as a style URL.
    expect(
      basemapChoice({ basemap: null, demo: false, demoStreets: null, ui: { basemap: 'basemap/london.pmtiles' } }),
    ).toBeNull();
  });
  it('is the same object while its inputs are (no rebuild on a redraw)', () => {
    const s = { basemap: archive, demo: false, demoStreets: null, ui: { basemap: null } };
    expect(basemapChoice(s)).toBe(basemapChoice({ ...s }));
  });
});

describeData('the OpenStreetMap extract of central London', 'basemap/central-london-osm.pmtiles', () => {
  it('declares the layers the style draws, and an HTML credit that becomes plain text', async () => {
    const bytes = readData('basemap/central-london-osm.pmtiles');
    const src: Source = { getKey: () => 'test', getBytes: async (o, l) => ({ data: bytes.slice(o, o + l).buffer }) };
    const p = new PMTiles(src);
    const h = await p.getHeader();
    expect(h.specVersion).toBe(3);
    expect(h.tileType).toBe(1);
    const meta = (await p.getMetadata()) as { vector_layers: { id: string }[]; attribution: string };
    const ids = meta.vector_layers.map((l) => l.id);
    const drawn = sourceLayers(vectorBasemapLayers(ids));
    expect([...drawn].sort()).toEqual([...ids].sort());
    expect(attributionText(meta.attribution)).toMatch(/^© OSM/);
  });
});

describe('analysis colours over a basemap', () => {
  it('keep their colour and get lighter by the stated factor', () => {
    expect(fadeColour('rgba(10, 20, 30, 0.8)', 0.5)).toBe('rgba(10, 20, 30, 0.4)');
    expect(fadeColour('rgb(10, 20, 30)', 0.5)).toBe('rgba(10, 20, 30, 0.5)');
    expect(fadeColour('#fff', 0.5)).toBe('#fff');
    expect(BASEMAP_FADE.wardFill).toBeGreaterThan(0.3);
    expect(BASEMAP_FADE.density).toBeGreaterThan(0.3);
  });
});
