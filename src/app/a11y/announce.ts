/**
 * Says a new selection out loud (WCAG 4.1.3 status messages): when the selected ward or hotspot
 * area changes — from the table, the hotspot list, a click or Enter on the map — a polite live
 * region (role="status", visually hidden) gets its name and figures, e.g. "Selected ward: Noel
 * Park, 1,234 crimes, 5.6% of the crime in the wards, ranked 3 of 19." Clearing a selection says
 * so. The text is set through textContent (never HTML). One region for the page, made on first use.
 */
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import type { AppState } from '../state/store.ts';
import { h, fmtInt, pct } from '../dom.ts';
import { hotspotTitle } from '../panels/panels.ts';

let region: HTMLElement | null = null;
let last = '';

function liveRegion(): HTMLElement {
  if (!region) {
    region = h('div', {
      class: 'visually-hidden',
      role: 'status',
      'aria-live': 'polite',
      'data-testid': 'selection-announcement',
    });
    document.body.append(region);
  }
  return region;
}

/** The sentence for the current selection ('' when nothing is selected). */
export function selectionSentence(r: AnalysisResult, ward: string | null, hotspot: string | null): string {
  const parts: string[] = [];
  const w = ward ? r.wards.find((x) => x.code === ward) : undefined;
  if (w)
    parts.push(
      `Selected ward: ${w.name}, ${fmtInt.format(w.count)} ${w.count === 1 ? 'crime' : 'crimes'}, ${pct(w.share)} of the crime in the wards, ranked ${w.rank} of ${r.wards.length}.`,
    );
  const x = hotspot ? r.hotspots.find((y) => y.id === hotspot) : undefined;
  if (x)
    parts.push(
      `Selected hotspot area: ${hotspotTitle(x)}, ${fmtInt.format(x.count)} ${x.count === 1 ? 'crime' : 'crimes'}, ${pct(x.share)} of the area's crime, ${x.areaKm2.toFixed(2)} km².`,
    );
  return parts.join(' ');
}

/** Call on every state change; speaks only when the selection changed. */
export function announceSelection(s: AppState): void {
  const r = s.result;
  if (!r || r.diagnosis) return;
  const key = `${s.ui.ward ?? ''}|${s.ui.hotspot ?? ''}`;
  if (key === last) return;
  const wasSelected = last !== '' && last !== '|';
  last = key;
  const text = selectionSentence(r, s.ui.ward, s.ui.hotspot);
  if (text) liveRegion().textContent = text;
  else if (wasSelected) liveRegion().textContent = 'Selection cleared.';
}
