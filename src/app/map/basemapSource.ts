/**
 * Opening a PMTiles basemap (https://github.com/protomaps/PMTiles, spec v3) for the map, with
 * the `pmtiles` package's MapLibre protocol (`pmtiles://<key>`, registered once with
 * maplibre-gl's addProtocol).
 *
 * - A dropped or picked `.pmtiles` file is read from the local File (byte ranges through
 *   File.slice): no request leaves the page, the archive never leaves the machine. Its key is
 *   `local-<n>`, so two files of the same name never mix.
 * - A hosted archive is a URL beside the app (same origin: the page's Content-Security-Policy
 *   lets the map fetch only from its own server, see scripts/csp.ts); it is read with HTTP range
 *   requests to that server only.
 *
 * Both come back as a LoadedBasemap: the pmtiles:// URL for the style (basemapStyle.ts), the
 * archive's vector layers (its schema), name and attribution (plain text, from the metadata).
 */
import { addProtocol } from 'maplibre-gl';
import { FetchSource, PMTiles, Protocol, type RangeResponse, type Source } from 'pmtiles';
import { attributionText, type BasemapSource } from './basemapStyle.ts';

/** A basemap opened for the session (kept while data are loaded again and across views). */
export interface LoadedBasemap {
  /** Unique per archive opened: the map is rebuilt when it changes. */
  key: string;
  /** Where it came from, for the page: the file name or the URL. */
  from: string;
  /** The archive's `name` metadata, or the file name. */
  name: string;
  /** Plain text (never HTML), from the archive's `attribution`; '' when it has none. */
  attribution: string;
  source: BasemapSource;
}

let protocol: Protocol | null = null;
let opened = 0;

function ensureProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol();
    addProtocol('pmtiles', protocol.tile);
  }
  return protocol;
}

/** The byte ranges of a local File (pmtiles' FileSource, under a key of our own). */
class LocalFileSource implements Source {
  constructor(
    private readonly file: File,
    private readonly key: string,
  ) {}
  getKey(): string {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    return { data: await this.file.slice(offset, offset + length).arrayBuffer() };
  }
}

/** The archive's vector layer ids and metadata, checked: a vector (MVT) archive of spec v3. */
async function describe(
  p: PMTiles,
  fallbackName: string,
): Promise<{ name: string; attribution: string; vectorLayers: string[] | null; maxzoom: number }> {
  const h = await p.getHeader();
  if (h.specVersion !== 3) throw new Error(`PMTiles version ${h.specVersion} is not supported (version 3 is)`);
  // tileType 1 = Mapbox Vector Tiles; raster archives (png/jpeg/webp) would need another style.
  if (h.tileType !== 1)
    throw new Error('this PMTiles archive holds raster or unknown tiles; a vector (MVT) basemap is needed');
  const meta = ((await p.getMetadata().catch(() => null)) ?? {}) as {
    name?: unknown;
    attribution?: unknown;
    vector_layers?: unknown;
  };
  const layers = Array.isArray(meta.vector_layers)
    ? meta.vector_layers.map((l: { id?: unknown }) => String(l?.id ?? '')).filter(Boolean)
    : null;
  return {
    name: typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim().slice(0, 80) : fallbackName,
    attribution: attributionText(typeof meta.attribution === 'string' ? meta.attribution : ''),
    vectorLayers: layers && layers.length ? layers : null,
    maxzoom: h.maxZoom,
  };
}

async function open(src: Source, from: string, fallbackName: string): Promise<LoadedBasemap> {
  const proto = ensureProtocol();
  const p = new PMTiles(src);
  const d = await describe(p, fallbackName);
  proto.add(p);
  const key = src.getKey();
  return {
    key,
    from,
    name: d.name,
    attribution: d.attribution,
    source: { kind: 'vector', url: `pmtiles://${key}`, vectorLayers: d.vectorLayers, maxzoom: d.maxzoom },
  };
}

/** A `.pmtiles` File from the drop or the picker, read locally. */
export function openBasemapFile(file: File): Promise<LoadedBasemap> {
  opened++;
  return open(new LocalFileSource(file, `local-${opened}`), file.name, file.name.replace(/\.pmtiles$/i, ''));
}

/**
 * A `.pmtiles` archive hosted beside the app: `url` relative to the page or absolute on the
 * page's own origin (others are refused here, as the CSP would refuse them).
 */
export function openBasemapUrl(url: string, page: string = location.href): Promise<LoadedBasemap> {
  const abs = new URL(url, page);
  if (abs.origin !== new URL(page).origin)
    return Promise.reject(
      new Error(`${abs.origin} is not this page's own server; host the .pmtiles file beside the app`),
    );
  const name = abs.pathname.split('/').pop() ?? abs.pathname;
  return open(new FetchSource(abs.href), url, name.replace(/\.pmtiles$/i, ''));
}

/** Whether a basemap address names a PMTiles archive (rather than a MapLibre style JSON). */
export function isPmtilesUrl(url: string): boolean {
  return /\.pmtiles(\?.*)?$/i.test(url.trim());
}
