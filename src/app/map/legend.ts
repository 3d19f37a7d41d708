/** Legends for the ward shading (class breaks) and the density surface (crimes per km²). */
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import { h, clear, fmtInt, fmt1 } from '../dom.ts';
import type { LegendSpec } from '../export/exports.ts';
import type { UiState } from '../state/store.ts';
import { COLOUR_NOTE, DENSITY_FLOOR, densityColour, WARD_CLASSES, WARD_COLOURS } from './palette.ts';

const METRIC_TITLE: Record<UiState['metric'], string> = {
  count: 'Crimes per ward',
  share: 'Share of the area total',
  rate: 'Crimes per 1,000 residents',
  none: '',
};

function fmtValue(v: number, metric: UiState['metric']): string {
  if (metric === 'share') return `${(v * 100).toFixed(1)}%`;
  if (metric === 'rate') return fmt1.format(v);
  return fmtInt.format(v);
}

/** Marks on the map besides the analysis: crime points (street zoom) and the basemap's credit (plain text). */
export interface LegendMarks {
  points?: boolean;
  basemap?: string | null;
}

/** The crime points' colour (layers.ts 'points'). */
export const POINT_RGB: [number, number, number] = [213, 94, 0];
/** The ward outline's colour (outlineLayer.ts WARD_STYLE). */
const WARD_LINE_RGB: [number, number, number] = [0x3c, 0x46, 0x55];

export function legendSpecs(
  ui: UiState,
  r: AnalysisResult | null,
  breaks: number[],
  marks: LegendMarks = {},
): LegendSpec[] {
  const out: LegendSpec[] = [];
  if (!r) return basemapCredit(out, marks);
  if (ui.metric !== 'none') {
    const items: LegendSpec['items'] = [];
    const n = breaks.length + 1;
    for (let i = 0; i < n; i++) {
      const colour = WARD_COLOURS[n > 1 ? Math.round((i * (WARD_CLASSES - 1)) / breaks.length) : 0];
      const lo = i === 0 ? null : breaks[i - 1];
      const hi = i < breaks.length ? breaks[i] : null;
      const label =
        lo === null && hi !== null
          ? `below ${fmtValue(hi, ui.metric)}`
          : hi === null && lo !== null
            ? `${fmtValue(lo, ui.metric)} or more`
            : lo !== null && hi !== null
              ? `${fmtValue(lo, ui.metric)} to under ${fmtValue(hi, ui.metric)}`
              : 'all wards';
      items.push({ rgb: colour, label });
    }
    out.push({ title: `${METRIC_TITLE[ui.metric]} (quantile classes)`, items });
  }
  if (ui.density && r.kde && r.kde.max > 0) {
    const max = r.kde.max;
    const steps = [DENSITY_FLOOR, 0.25, 0.5, 0.75, 1];
    out.push({
      title: `Density, ${r.kde.unit}`,
      items: steps.map((t) => {
        const [cr, cg, cb] = densityColour(t);
        return {
          rgb: [cr, cg, cb] as [number, number, number],
          label: `${t === 1 ? '' : '≥ '}${fmtInt.format(t * max)}${t === 1 ? ' (peak)' : ''}`,
        };
      }),
    });
  }
  // One colour direction for every scale: said once, above them (palette.ts).
  if (out.length) out.unshift({ title: COLOUR_NOTE, items: [] });
  const lines: LegendSpec['items'] = [];
  if (r.hotspots.length)
    lines.push({
      rgb: [20, 20, 20],
      shape: 'outline',
      label: `hotspot area: above ${fmtInt.format(r.kde?.threshold ?? 0)} per km²${r.kde?.areas?.method === 'threshold' ? '' : `, ≤ ${(r.kde?.areas?.maxAreaKm2 ?? 1).toLocaleString('en-GB', { maximumFractionDigits: 2 })} km² each`}`,
    });
  lines.push({ rgb: WARD_LINE_RGB, shape: 'outline', label: 'ward boundary' });
  if (marks.points)
    lines.push({
      rgb: POINT_RGB,
      shape: 'dot',
      label: "one crime at police.uk's anonymised map point (several crimes share a point)",
    });
  out.push({ title: r.hotspots.length ? 'Outlines (hotspots numbered by rank)' : 'Outlines', items: lines });
  return basemapCredit(out, marks);
}

/** The basemap's attribution as the legend's last block (the licence asks for it wherever the map is shown). */
function basemapCredit(out: LegendSpec[], marks: LegendMarks): LegendSpec[] {
  if (marks.basemap) out.push({ title: `Basemap: ${marks.basemap}`, items: [], kind: 'attribution' });
  return out;
}

export function renderLegend(root: HTMLElement, specs: LegendSpec[]): void {
  clear(root);
  for (const s of specs) {
    if (!s.items.length) {
      const attribution = s.kind === 'attribution';
      root.append(
        h(
          'div',
          {
            class: attribution ? 'legend-note legend-attribution' : 'legend-note',
            'data-testid': attribution ? 'legend-attribution' : 'legend-note',
          },
          s.title,
        ),
      );
      continue;
    }
    const ul = h('ul');
    for (const it of s.items) {
      const sw = h('span', {
        class: `swatch${it.shape && it.shape !== 'fill' ? ` swatch-${it.shape}` : ''}`,
        'aria-hidden': 'true',
      });
      if (it.shape === 'outline' || it.shape === 'dot') sw.style.borderColor = `rgb(${it.rgb.join(',')})`;
      if (it.shape !== 'outline') sw.style.background = `rgb(${it.rgb.join(',')})`;
      ul.append(h('li', {}, sw, it.label));
    }
    root.append(h('div', { class: 'legend-block' }, h('div', { class: 'legend-title' }, s.title), ul));
  }
  root.hidden = specs.length === 0;
}

/** The tasking view's patrol areas (viewMap.ts PATROL_LINE), numbered 1…k on the map. */
export function patrolLegend(k: number): LegendSpec {
  return {
    title: 'Patrol areas',
    items: [
      {
        rgb: [84, 39, 143],
        shape: 'outline',
        label: k === 1 ? 'the chosen patrol area, P1' : `the ${k} chosen patrol areas, P1–P${k}`,
      },
    ],
  };
}
