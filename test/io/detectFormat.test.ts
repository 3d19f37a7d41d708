import { describe, expect, it } from 'vitest';
import { detectFormat, notStreetLevelReason } from '../../src/io/detectFormat.ts';
import { HEADER, utf8 } from './fixtures.ts';
import { describeData, readData } from '../helpers/sharedData.ts';

const d = (name: string, text: string | number[]) =>
  detectFormat(name, typeof text === 'string' ? utf8(text) : new Uint8Array(text));

describe('detectFormat', () => {
  it('sniffs content, not only the extension', () => {
    expect(d('2018-01-metropolitan-street.csv', `${HEADER}\n`)).toBe('police-uk-csv');
    expect(d('export.txt', `\uFEFF${HEADER}\r\n`)).toBe('police-uk-csv');
    expect(d('data.json', '[{"category": "burglary", "location_type": "Force"}]')).toBe('police-uk-api-json');
    expect(d('data.json', '  []')).toBe('police-uk-api-json');
    expect(d('wards.json', '{"type":"Topology","objects":{}}')).toBe('boundaries-topojson');
    expect(
      d('wards.json', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon"}}]}'),
    ).toBe('boundaries-geojson');
    expect(
      d('x.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point"}}]}'),
    ).toBe('places');
    expect(d('town_centres.geojson', '{"type":"FeatureCollection","features":[{"geometry":{"type":"Polygon"}}]}')).toBe(
      'places',
    );
    expect(d('plan.json', '{"schemaVersion":1,"plan":{},"actions":[]}')).toBe('actions');
    expect(d('wards.zip', [0x50, 0x4b, 3, 4, 0])).toBe('shapefile-zip');
    expect(d('anything', [0x50, 0x4b, 3, 4, 0])).toBe('shapefile-zip');
    expect(d('London_Ward.shp', [0, 0, 0x27, 0x0a])).toBe('shapefile-part');
    expect(d('London_Ward.dbf', [3, 0])).toBe('shapefile-part');
    expect(d('pop.csv', 'code,population\nE05000266,12757\n')).toBe('population-csv');
    expect(d('lsoa.csv', 'LSOA11CD,LSOA11NM,Persons_All-Ages\n')).toBe('population-csv');
    expect(d('pubs.csv', 'FHRSID,BusinessName,BusinessType,Latitude,Longitude\n')).toBe('places');
    expect(d('my.csv', 'Ref;Occurred;Offence;X;Y\n')).toBe('generic-csv');
    expect(
      d(
        '2018-01-metropolitan-outcomes.csv',
        'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n',
      ),
    ).toBe('unknown');
    expect(d('notes.txt', 'hello')).toBe('unknown');
    expect(d('empty.csv', '')).toBe('unknown');
    expect(d('img.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0])).toBe('unknown');
  });

  it('explains police.uk files that are not street-level crime', () => {
    expect(notStreetLevelReason('2018-01-city-of-london-outcomes.csv')).toMatch(/outcomes/);
    expect(notStreetLevelReason('x.csv', ['Type', 'Date', 'Part of a policing operation'])).toMatch(/stop-and-search/);
    expect(notStreetLevelReason('2018-01-city-of-london-street.csv', HEADER.split(','))).toBeNull();
  });
});

describe('detectFormat: PMTiles basemaps', () => {
  const magic = [...'PMTiles'].map((c) => c.charCodeAt(0));
  it('recognises the archive by its first bytes or its name, so it is never reported as unreadable', () => {
    expect(d('london.pmtiles', [...magic, 3, 0, 0])).toBe('basemap-pmtiles');
    expect(d('renamed.bin', [...magic, 3])).toBe('basemap-pmtiles');
    expect(d('old.pmtiles', [0x50, 0x4d, 2, 0])).toBe('basemap-pmtiles');
    expect(d('notes.csv', 'PMTiles,count\na,1\n')).toBe('generic-csv');
    expect(d('x.csv', [...magic])).not.toBe('basemap-pmtiles');
  });
});

describeData('detectFormat: the real PMTiles extract', 'basemap/central-london-osm.pmtiles', () => {
  it('is a basemap, under any name', () => {
    const head = readData('basemap/central-london-osm.pmtiles').subarray(0, 4096);
    expect(detectFormat('central-london-osm.pmtiles', head)).toBe('basemap-pmtiles');
    expect(detectFormat('download', head)).toBe('basemap-pmtiles');
  });
});

describe('a PMTiles archive given to the session (CLI, folder loads)', () => {
  it('is noted as a basemap the analysis does not read, not as an unreadable file', async () => {
    const { AnalysisSession } = await import('../../src/analysis/session.ts');
    const s = new AnalysisSession();
    const bytes = new Uint8Array([...[...'PMTiles'].map((c) => c.charCodeAt(0)), 3, ...new Array(120).fill(0)]);
    const out = s.addFiles([{ name: 'london.pmtiles', bytes }]);
    expect(out.messages).toEqual([
      { level: 'info', file: 'london.pmtiles', line: 0, message: expect.stringMatching(/PMTiles basemap: not data/) },
    ]);
  });
});
