/**
 * Basemaps among the user's files and in the address: a `.pmtiles` dropped or picked with the
 * data is opened as the session's basemap (read from the local file: map/basemapSource.ts) and
 * not sent to the worker; a `.pmtiles` URL in the basemap field or `&basemap=` is opened from the
 * app's own server. The basemap stays for the session: loading data again, Clear and switching
 * views keep it (store.ts `basemap`); opening another replaces it.
 */
import { isPmtiles } from '../../io/detectFormat.ts';
import { isPmtilesUrl, openBasemapFile, openBasemapUrl, type LoadedBasemap } from '../map/basemapSource.ts';
import { store } from '../state/store.ts';

/** Splits PMTiles archives (by their first bytes, or the `.pmtiles` name) from the data files. */
export async function takeBasemaps(files: File[]): Promise<{ basemaps: File[]; rest: File[] }> {
  const basemaps: File[] = [];
  const rest: File[] = [];
  for (const f of files) {
    const head = new Uint8Array(await f.slice(0, 8).arrayBuffer());
    (isPmtiles(head) || /\.pmtiles$/i.test(f.name) ? basemaps : rest).push(f);
  }
  return { basemaps, rest };
}

async function adopt(open: () => Promise<LoadedBasemap>, what: string, say: (text: string) => void): Promise<void> {
  try {
    const b = await open();
    store.setState({ basemap: b });
    say(
      `Basemap "${b.name}" from ${what}${b.attribution ? ` (${b.attribution})` : ''}: drawn under the analysis for this session.`,
    );
  } catch (e) {
    say(
      `The basemap ${what} was not opened: ${e instanceof Error ? e.message : String(e)}. The map is drawn without it.`,
    );
  }
}

/** Opens the last of `files` (one basemap at a time) as the session's basemap. */
export function loadBasemapFiles(files: File[], say: (text: string) => void): Promise<void> {
  const f = files[files.length - 1];
  const skipped = files.length > 1 ? ` (${files.length - 1} other .pmtiles not used: one basemap at a time)` : '';
  return adopt(() => openBasemapFile(f), `${f.name}, read from this computer${skipped}`, say);
}

let hostedUrl: string | null = null;
/** Opens the `.pmtiles` URL of the basemap field or address when it changes (other URLs are MapLibre styles: basemapChoice.ts). */
export function followHostedBasemap(url: string | null, say: (text: string) => void): Promise<void> | null {
  if (!url || !isPmtilesUrl(url) || url === hostedUrl) return null;
  hostedUrl = url;
  return adopt(() => openBasemapUrl(url), `${url}, on this app's server`, say);
}
