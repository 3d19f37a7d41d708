/**
 * Long lists of the results panel (wards, hotspot areas): which rows are drawn and the button for the rest.
 */
import { h, fmtInt } from '../dom.ts';
import type { PanelCallbacks } from './panels.ts';

/**
 * Long lists (650 London wards, hundreds of hotspot areas) show their top rows first, with a
 * button for the rest: every row is DOM that the browser lays out again on each filter change
 * (measured: ~100 ms per relayout with all 650 wards and 800 areas on this machine type). The
 * CSV and GeoJSON exports always hold every row; a selected row beyond the limit is still shown.
 */
export const LIST_LIMITS = { wards: 100, hotspots: 50 } as const;
export const expanded = { wards: false, hotspots: false };

/** The rows to draw: all when expanded or short, else the top `limit` plus a selected row further down. */
export function visibleRows<T>(all: readonly T[], limit: number, open: boolean, isSelected: (x: T) => boolean): T[] {
  if (open || all.length <= limit) return [...all];
  const head = all.slice(0, limit);
  const sel = all.slice(limit).filter(isSelected);
  return [...head, ...sel];
}

/** "Showing the top 100 of 650 wards. [Show all 650]" (or the way back). */
export function moreButton(
  kind: 'wards' | 'hotspots',
  total: number,
  noun: string,
  cb: PanelCallbacks,
): HTMLElement | null {
  const limit = LIST_LIMITS[kind];
  if (total <= limit || !cb.refresh) return null;
  const open = expanded[kind];
  const b = h(
    'button',
    {
      type: 'button',
      'data-testid': `show-all-${kind}`,
      'data-focus-key': `show-all-${kind}`,
      'aria-expanded': open ? 'true' : 'false',
    },
    open ? `Show the top ${limit} only` : `Show all ${fmtInt.format(total)}`,
  );
  b.addEventListener('click', () => {
    expanded[kind] = !open;
    cb.refresh?.();
  });
  return h(
    'p',
    { class: 'muted more' },
    open
      ? `Showing all ${fmtInt.format(total)} ${noun}. `
      : `Showing the top ${limit} of ${fmtInt.format(total)} ${noun}. `,
    b,
  );
}
