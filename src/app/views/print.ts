/**
 * Printing: one A4 page per view (src/app/print.css); the footer gets the print date. The map is
 * printed as an image drawn just before printing, by the Print buttons and Ctrl+P alike
 * (printMap.ts).
 */

export const PREPARED_WITH = 'Prepared with Hotspot Atlas; police.uk locations are approximate.';

export function printedOn(d = new Date()): string {
  return `Printed ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`;
}

/**
 * Fills every .print-footer with the print date, the standard note and the basemap's credit when
 * one is drawn (the text of the maps' .map-attribution, mapView.ts: a print layout's credits line,
 * where the licence asks for it; the on-screen legend holds it too, hidden in print to keep one page).
 */
export function stampFooters(): void {
  const credit =
    [...document.querySelectorAll<HTMLElement>('.map-attribution')].find((e) => !e.hidden && e.textContent)
      ?.textContent ?? '';
  for (const el of document.querySelectorAll<HTMLElement>('.print-footer'))
    el.textContent = `${printedOn()} · ${PREPARED_WITH}${credit ? ` ${credit}.` : ''}`;
}
