/**
 * Every figure of the ward panel (#/ward/<code>), as the panel shows, draws, prints and exports
 * it. PURE: no DOM. The page (app/views/wardPanel.ts), its chart, the print and the CSV and PNG
 * exports all read this model, so one disclosure rule (disclosure.ts) covers all of them.
 *
 * Groups protected together in public mode (disclosure.ts protectGroup):
 * - the ward's crime types in the window (top five and "Other types"): they add up to the
 *   ward's crimes of every type, which other panels show;
 * - the months of the period (they add up to the ward's total) and the same months a year
 *   earlier (they add up to the earlier total, which the change in the summary implies);
 * - each hotspot area's crimes by ward (they add up to the whole area's count).
 * Hotspot lines count the crimes whose points are inside this ward's part of the area, and give
 * the whole area's count beside it, labelled; public mode changes neither except by suppression
 * (the analysis is the same in both modes).
 */
import { protectGroup, figure, type DisclosureRule, type Figure } from './disclosure.ts';
import { isSensitiveCategory } from './wardSummary.ts';
import { placeText } from './tasking.ts';
import { formatMonth } from '../core/months.ts';
import type { AnalysisResult, HotspotResult, WardResult } from './sessionTypes.ts';

export interface TypeRow {
  category: string;
  figure: Figure;
  /** Per 1,000 residents, only when the count is shown and the population known. */
  rate: number | null;
}

export interface MonthCell {
  month: number;
  /** This period's count, and the same month a year earlier (null when not loaded). */
  now: Figure;
  before: Figure | null;
}

export interface HotspotLine {
  id: string;
  place: string;
  /** Crimes inside this ward's part of the area. */
  part: Figure;
  /** Crimes in the whole area, and how many wards it spans. */
  whole: Figure;
  wards: number;
  text: string;
}

export interface WardPanelModel {
  ward: WardResult;
  total: Figure;
  /** null: the breakdown cannot be shown without disclosing a small count (disclosure.ts). */
  types: TypeRow[] | null;
  months: MonthCell[];
  hotspots: HotspotLine[];
}

const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const noun = (f: Figure) => (f.state === 'shown' && f.value === 1 ? 'crime' : 'crimes');

/** The top `n` types are listed; the rest are summed into "Other types". */
export const TOP_TYPES = 5;

export function wardPanelModel(
  r: AnalysisResult,
  code: string,
  rule: DisclosureRule,
  sensitiveFilter: boolean,
): WardPanelModel | null {
  const ward = r.wards.find((w) => w.code === code);
  const win = r.months.window;
  if (!ward || !win) return null;
  const total = figure(ward.count, sensitiveFilter, rule);

  // Crime types: top five and the rest, one group.
  const all = r.wardDetail?.types ?? [];
  const top = all.slice(0, TOP_TYPES);
  const rest = all.slice(TOP_TYPES);
  const restSum = rest.reduce((a, t) => a + t.count, 0);
  const cells = [
    ...top.map((t) => ({ value: t.count, sensitive: isSensitiveCategory(t.category) })),
    ...(restSum > 0 ? [{ value: restSum, sensitive: rest.some((t) => isSensitiveCategory(t.category)) }] : []),
  ];
  const g = protectGroup(cells, rule);
  const pop = ward.population;
  const labels = [...top.map((t) => t.category), ...(restSum > 0 ? [`Other types (${rest.length})`] : [])];
  const types = g.safe
    ? g.cells.map((f, i) => ({
        category: labels[i],
        figure: f,
        rate: f.state === 'shown' && pop ? (f.value / pop) * 1000 : null,
      }))
    : null;

  // Months of the period and a year earlier.
  const byMonth = new Map((r.wardDetail?.trend ?? []).map((t) => [t.month, t.count]));
  const first = r.wardDetail?.trend[0]?.month ?? Infinity;
  const ms: number[] = [];
  for (let m = win[0]; m <= win[1]; m++) ms.push(m);
  const now = protectGroup(
    ms.map((m) => ({ value: byMonth.get(m) ?? 0, sensitive: sensitiveFilter })),
    rule,
  ).cells;
  const haveBefore = ms.some((m) => m - 12 >= first);
  const before = haveBefore
    ? protectGroup(
        ms.map((m) => ({ value: byMonth.get(m - 12) ?? 0, sensitive: sensitiveFilter })),
        rule,
      ).cells
    : null;
  const months = ms.map((month, i) => ({
    month,
    now: now[i],
    before: before && month - 12 >= first ? before[i] : null,
  }));

  const hotspots = r.hotspots
    .filter((h) => h.wardCodes.includes(code) || (h.wardCounts?.[code] ?? 0) > 0)
    .map((h) => hotspotLine(h, code, rule, sensitiveFilter));
  return { ward, total, types, months, hotspots };
}

function hotspotLine(h: HotspotResult, code: string, rule: DisclosureRule, sensitive: boolean): HotspotLine {
  const parts = Object.entries(h.wardCounts ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const g = protectGroup(
    parts.map(([, v]) => ({ value: v, sensitive })),
    rule,
  );
  const i = parts.findIndex(([c]) => c === code);
  const whole = figure(h.count, sensitive, rule);
  // A part that cannot be protected while the whole is shown (one non-zero part) equals the whole.
  const part = i >= 0 ? (g.safe ? g.cells[i] : whole) : figure(0, sensitive, rule);
  const wards = Math.max(1, h.wardCodes.length);
  const place = placeText(h);
  const partText = part.state === 'shown' && part.value === 0 ? 'no crimes' : `${part.text} ${noun(part)}`;
  const text =
    wards <= 1
      ? `${partText} inside the area, all in this ward`
      : `${partText} inside this ward's part of the area (${whole.text} ${noun(whole)} across the whole area, which spans ${fmt.format(wards)} wards)`;
  return { id: h.id, place, part, whole, wards, text };
}

/** The panel's figures as CSV rows (what the CSV export holds): the same texts as the page. */
export function wardPanelCsvRows(m: WardPanelModel, period: string, what: string): string[][] {
  const rows: string[][] = [['section', 'item', 'month', 'crimes', 'a year earlier', 'per 1,000 residents']];
  rows.push(['ward', `${m.ward.name} (${m.ward.code}), ${what}, ${period}`, '', m.total.text, '', '']);
  if (m.types)
    for (const t of m.types)
      rows.push([
        'crime type',
        t.category,
        '',
        t.figure.text,
        '',
        t.rate === null ? '' : (Math.round(t.rate * 10) / 10).toFixed(1),
      ]);
  else rows.push(['crime type', 'not shown in public mode (it would disclose a small count)', '', '', '', '']);
  for (const c of m.months)
    rows.push(['month', '', formatMonth(c.month), c.now.text, c.before ? c.before.text : '', '']);
  for (const h of m.hotspots) rows.push(['hotspot area', h.place, '', h.part.text, '', h.text]);
  return rows;
}
