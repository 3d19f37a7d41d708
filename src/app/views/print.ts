/**
 * Printing: one A4 page per view (src/app/print.css). WebGL canvases may print blank, so before
 * printing the live map is rendered to an <img class="print-map"> through the PNG export path
 * (exports.ts mapPng: map + legend over it), and the footer gets the print date. A Ctrl+P without
 * the Print button falls back to a synchronous canvas snapshot (beforeprint).
 */
import { mapPng, type LegendSpec } from '../export/exports.ts';

export const PREPARED_WITH = 'Prepared with Hotspot Atlas; police.uk locations are approximate.';

export function printedOn(d = new Date()): string {
  return `Printed ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`;
}

/** Fills every .print-footer with the print date and the standard note. */
export function stampFooters(): void {
  for (const el of document.querySelectorAll<HTMLElement>('.print-footer')) el.textContent = `${printedOn()} · ${PREPARED_WITH}`;
}

/** Renders the map canvas (with legends) into `img` for print. */
export async function mapToImage(canvas: HTMLCanvasElement, img: HTMLImageElement, title: string, legends: LegendSpec[]): Promise<void> {
  const blob = await mapPng(canvas, title, legends, '');
  const old = img.src;
  img.src = URL.createObjectURL(blob);
  if (old.startsWith('blob:')) URL.revokeObjectURL(old);
  await img.decode().catch(() => {});
}

let installed = false;
/** Ctrl+P fallback: snapshot any visible map canvas whose print image is missing. */
export function installPrintFallback(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('beforeprint', () => {
    stampFooters();
    for (const img of document.querySelectorAll<HTMLImageElement>('img.print-map')) {
      if (img.src) continue;
      const canvas = img.parentElement?.querySelector<HTMLCanvasElement>('canvas.maplibregl-canvas');
      if (canvas) img.src = canvas.toDataURL('image/png');
    }
  });
}
