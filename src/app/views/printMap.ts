/**
 * The printed map (issue 15): one path for the Print buttons and for the browser's own Print
 * (Ctrl+P), so both give the same page.
 *
 * WebGL canvases may print blank, so the map is printed as an <img class="print-map">. Before
 * printing, every map that is showing is drawn once more for the shape of the printed map box,
 * PRINT_MAP_MM (190 × 140 mm: the full width of A4 portrait inside 10 mm margins, and more than
 * half of the page in either orientation), showing at least what was on the screen, and copied
 * into its image; then the map goes back to its view. All of it is synchronous (MapLibre's
 * redraw(), a preserved drawing buffer), because the browser's `beforeprint` does not wait for
 * promises. The legend is not baked into the picture: the page's own legend is printed beside
 * (landscape) or under (portrait) the map in real text of at least 8 pt (print.css).
 */
import type { LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import { stampFooters } from './print.ts';

/** The printed map box in millimetres (print.css gives img.print-map the same size). */
export const PRINT_MAP_MM = { width: 190, height: 140 } as const;

interface PrintMap {
  img: HTMLImageElement;
  map: () => MlMap | null;
  /** Whether this map is the one on the page now (the analyst map or a view's). */
  active: () => boolean;
  /**
   * What the printed map shows. 'screen' (the analyst map): the screen's scale and centre (the
   * middle of the screen's view, cropped to the print shape), so that the ward labels, placed for
   * that zoom without collisions, do not overlap on paper. A function (the views' maps): the
   * bounds it gives (the wards the view is about) fitted into the print shape, or, when it gives
   * none, at least what was on the screen.
   */
  frame: 'screen' | (() => LngLatBoundsLike | null);
}

const maps: PrintMap[] = [];
let installed = false;

/** Registers a map and the image it prints into; installs the `beforeprint` hook once. */
export function registerPrintMap(
  img: HTMLImageElement,
  map: () => MlMap | null,
  active: () => boolean,
  frame: PrintMap['frame'] = () => null,
): void {
  maps.push({ img, map, active, frame });
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
      snapshot(map, m.img, m.frame);
    } catch (e) {
      console.warn('print map:', (e as Error).message);
    }
  }
}

/**
 * The map at the print box's shape, into `img` (a data: URL, so it is there when the page is laid
 * out). The map is not resized (deck.gl learns a new canvas size only in a later animation frame,
 * and a synchronous frame would draw its layers on the old size): instead the largest rectangle of
 * the print box's shape is taken in the middle of the canvas, the camera is fitted so that what
 * was on the screen lies inside that rectangle, one frame is drawn synchronously, and the
 * rectangle is copied out; then the camera goes back. With frame 'screen' (the analyst map) the
 * camera is not moved: the rectangle is the middle of the screen's view at the screen's scale;
 * with bounds (the views: their wards) those are fitted into the rectangle instead.
 */
function snapshot(map: MlMap, img: HTMLImageElement, frame: PrintMap['frame']): void {
  const canvas = map.getCanvas();
  const cw = canvas.clientWidth;
  const ch = canvas.clientHeight;
  if (!cw || !ch) return;
  const aspect = PRINT_MAP_MM.width / PRINT_MAP_MM.height;
  let w = cw;
  let h = Math.round(cw / aspect);
  if (h > ch) {
    h = ch;
    w = Math.round(ch * aspect);
  }
  const left = Math.floor((cw - w) / 2);
  const top = Math.floor((ch - h) / 2);
  const bounds = map.getBounds();
  const camera = { center: map.getCenter(), zoom: map.getZoom() };
  try {
    const target = frame === 'screen' ? null : (frame() ?? bounds);
    const pad = target === bounds ? 0 : 8;
    if (target)
      map.fitBounds(target, {
        animate: false,
        padding: { left: left + pad, right: cw - w - left + pad, top: top + pad, bottom: ch - h - top + pad },
      });
    map.redraw();
    const dpr = canvas.width / cw;
    const out = document.createElement('canvas');
    out.width = Math.round(w * dpr);
    out.height = Math.round(h * dpr);
    const ctx = out.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#eef1f4';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, left * dpr, top * dpr, w * dpr, h * dpr, 0, 0, out.width, out.height);
    img.src = out.toDataURL('image/png');
    img.dataset.mapWidth = String(out.width);
    img.dataset.mapHeight = String(out.height);
  } finally {
    map.jumpTo(camera);
    map.triggerRepaint();
  }
}

/** The Print buttons: the same preparation as Ctrl+P, then the browser's print dialog. */
export function printPage(): void {
  preparePrint();
  window.print();
}
