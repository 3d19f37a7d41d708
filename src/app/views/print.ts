/**
 * Printing: one A4 page per view (src/app/print.css); the footer gets the print date. The map is
 * printed as an image drawn just before printing, by the Print buttons and Ctrl+P alike
 * (printMap.ts).
 */

export const PREPARED_WITH = 'Prepared with Hotspot Atlas; police.uk locations are approximate.';

export function printedOn(d = new Date()): string {
  return `Printed ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`;
}

/** Fills every .print-footer with the print date and the standard note. */
export function stampFooters(): void {
  for (const el of document.querySelectorAll<HTMLElement>('.print-footer')) el.textContent = `${printedOn()} · ${PREPARED_WITH}`;
}
