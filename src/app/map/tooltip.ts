/**
 * The map's hover tooltip: a ward's count, share, rank, rate and change; a hotspot area's name,
 * count and size; a crime point's type.
 */
import type { Feature } from 'geojson';
import type { PickingInfo } from '@deck.gl/core';
import type { WardResult } from '../../analysis/sessionTypes.ts';
import { hotspotName } from '../../analysis/hotspots/naming.ts';
import { h, fmtInt, pct } from '../dom.ts';
import type { AppState } from '../state/store.ts';

/** Shows the tooltip for what is under the pointer at (x, y), or hides it; `wardOf` looks a ward's figures up by code. */
export function showTooltip(
  tooltip: HTMLElement,
  info: PickingInfo | null,
  x: number,
  y: number,
  s: AppState,
  wardOf: (code: string) => WardResult | undefined,
): void {
  const lines = info ? tooltipLines(info, s, wardOf) : null;
  if (!lines) {
    tooltip.hidden = true;
    return;
  }
  tooltip.replaceChildren(...lines.map((l, i) => h(i === 0 ? 'strong' : 'div', {}, l)));
  tooltip.style.left = `${x + 12}px`;
  tooltip.style.top = `${y + 12}px`;
  tooltip.hidden = false;
}

/** The tooltip's lines (the first in bold), or null when the pointer is over nothing that has one. */
function tooltipLines(
  info: PickingInfo,
  s: AppState,
  wardOf: (code: string) => WardResult | undefined,
): string[] | null {
  const lines: string[] = [];
  const props = (info.object as Feature | undefined)?.properties;
  if (info.layer?.id === 'wards-fill' && props) {
    const w = wardOf(String(props.code));
    lines.push(String(props.name));
    if (w) {
      lines.push(`${fmtInt.format(w.count)} crimes · ${pct(w.share)} of the area · rank ${w.rank}`);
      if (w.ratePer1000 !== null) lines.push(`${w.ratePer1000.toFixed(1)} per 1,000 residents`);
      if (w.difference !== null)
        lines.push(
          `${w.difference >= 0 ? '+' : ''}${w.difference} vs previous period${w.poissonZ !== null ? ` (z ${w.poissonZ.toFixed(1)})` : ''}`,
        );
    }
  } else if (info.layer?.id === 'hotspots' && props) {
    const hs = s.result?.hotspots.find((x) => x.id === String(props.id));
    lines.push(hs ? hotspotName(hs) : String(props.id));
    if (hs) lines.push(`${fmtInt.format(hs.count)} crimes (${pct(hs.share)}) in ${hs.areaKm2.toFixed(2)} km²`);
  } else if (info.layer?.id === 'points' && s.points && info.index >= 0) {
    lines.push(s.points.categories[s.points.category[info.index]] ?? 'Crime');
  } else return null;
  return lines;
}
