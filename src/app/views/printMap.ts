/**
 * The printed map (issue 15): one path for the Print buttons and for the browser's own Print
 * (Ctrl+P), so both give the same page.
 *
 * WebGL canvases may print blank, so the map is printed as an <img class="print-map">. Before
 * printing, every map that is showing is drawn once more at the shape of the printed map box,
 * PRINT_MAP_MM (190 × 140 mm: the full width of A4 portrait inside 10 mm margins, and more than
 * half of the page in either orientation), showing at least what was on the screen, and copied
 * into its image; then the map goes back to its size and view. All of it is synchronous (MapLibre's
 * redraw(), a preserved drawing buffer), because the browser's `beforeprint` does not wait for
 * promises. The legend is not baked into the picture: the page's own legend is printed beside
 * (landscape) or under (portrait) the map in real text of at least 8 pt (print.css).
 */
import type { Map as MlMap } from 'maplibre-gl';
import { stampFooters } from './print.ts';

/** The printed map box in millimetres (print.css gives img.print-map the same size). */
export const PRINT_MAP_MM = { width: 190, height: 140 } as const;
/**
 * Canvas pixels per millimetre of paper at device pixel ratio 1: 4.5 px/mm (about 115 dpi) keeps
 * the map's 12 px labels about 7.5 pt high on paper; the device pixel ratio adds resolution.
 */
export const PRINT_PX_PER_MM = 4.5;

interface PrintMap {
  img: HTMLImageElement;
  map: () => MlMap | null;
  /** Whether this map is the one on the page now (the analyst map or a view's). */
  active: () => boolean;
}

const maps: PrintMap[] = [];
let installed = false;

/** Registers a map and the image it prints into; installs the `beforeprint` hook once. */
export function registerPrintMap(img: HTMLImageElement, map: () => MlMap | null, active: () => boolean): void {
  maps.push({ img, map, active });
  if (installed) return;
  installed = true;
  window.addEventListener('beforeprint', () => preparePrint());
}

/** Draws every active map into its print image and stamps the footers (synchronous). */
export function preparePrint(): void {
  stampFooters();
  for (const m of maps) {
    const map = m.map();
    if (!m.active() || !map) {
      m.img.removeAttribute('src');
      continue;
    }
    try {
      snapshot(map, m.img);
    } catch (e) {
      console.warn('print map:', (e as Error).message);
    }
  }
}

/** The map at the print box's shape, into `img` (a data: URL, so it is there when the page is laid out). */
function snapshot(map: MlMap, img: HTMLImageElement): void {
  const el = map.getContainer();
  if (!el.clientWidth || !el.clientHeight) return;
  const bounds = map.getBounds();
  const camera = { center: map.getCenter(), zoom: map.getZoom() };
  const style = el.getAttribute('style');
  const w = Math.round(PRINT_MAP_MM.width * PRINT_PX_PER_MM);
  const h = Math.round(PRINT_MAP_MM.height * PRINT_PX_PER_MM);
  el.style.position = 'absolute';
  el.style.inset = 'auto';
  el.style.left = '0';
  el.style.top = '0';
  el.style.width = `${w}px`;
  el.style.height = `${h}px`;
  try {
    map.resize();
    map.fitBounds(bounds, { animate: false, padding: 0 });
    map.redraw();
    img.src = map.getCanvas().toDataURL('image/png');
    img.dataset.mapWidth = String(w);
    img.dataset.mapHeight = String(h);
  } finally {
    if (style === null) el.removeAttribute('style');
    else el.setAttribute('style', style);
    map.resize();
    map.jumpTo(camera);
  }
}

/** The Print buttons: the same preparation as Ctrl+P, then the browser's print dialog. */
export function printPage(): void {
  preparePrint();
  window.print();
}
