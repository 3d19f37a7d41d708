/**
 * The ward panel's trend chart (this period and the same months a year earlier, month by month),
 * its figures as a table, and the chart as a PNG. Public mode's small and withheld months are bands,
 * never values (analysis/wardPanelModel.ts decides which).
 */
import { line, scaleLinear, select, type ScaleLinear, type Selection } from 'd3';
import { figuresTable } from '../a11y/chartFigures.ts';
import { formatMonth, monthLabel } from '../../core/months.ts';
import type { Figure } from '../../analysis/disclosure.ts';
import type { MonthCell, WardPanelModel } from '../../analysis/wardPanelModel.ts';
import { h } from '../dom.ts';

/** The trend chart's figures as text, as the chart shows them (public mode's "fewer than …" and withheld months alike). */
export function trendFigures(m: WardPanelModel): HTMLElement | null {
  const said = (f: Figure | null) =>
    f === null ? '–' : f.state === 'withheld' ? 'not shown, to protect a small count' : f.text;
  const hasBefore = m.months.some((c) => c.before !== null);
  const rows = m.months.map((c) => [monthLabel(c.month), said(c.now), ...(hasBefore ? [said(c.before)] : [])]);
  return figuresTable(
    'crimes per month',
    ['Month', 'This period', ...(hasBefore ? ['A year earlier'] : [])],
    rows,
    'ward-trend-figures',
  );
}

/** The drawing surface: the SVG, its size and margins, the scales and the months. */
interface Plot {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  W: number;
  H: number;
  mg: { l: number; r: number; t: number; b: number };
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  months: MonthCell[];
}

/** Where each month's mark goes: a value (a point on the line), a band below the limit (small), or a withheld column. */
export function trendChart(m: WardPanelModel, publicMode: boolean): HTMLElement {
  const box = h('div', { class: 'chart', 'data-testid': 'ward-trend' });
  const months = m.months;
  if (!months.length) return box;
  const figsAll = months.flatMap((c) => (c.before ? [c.now, c.before] : [c.now]));
  const shaded = figsAll.some((f) => f.state !== 'shown');
  // A second key line explains the shaded bands when there are any.
  const W = 460,
    H = shaded ? 184 : 170,
    mg = { l: 36, r: 10, t: 10, b: shaded ? 48 : 34 };
  const x = scaleLinear()
    .domain([0, Math.max(1, months.length - 1)])
    .range([mg.l, W - mg.r]);
  const figs = figsAll;
  // The scale reaches at least the largest band (the limit), never a hidden value.
  const top = Math.max(1, ...figs.map((f) => (f.state === 'shown' ? f.value : f.state === 'small' ? f.limit : 0)));
  const y = scaleLinear()
    .domain([0, top])
    .nice()
    .range([H - mg.b, mg.t]);
  const title = 'Month by month: this period and the same months a year earlier';
  const svg = select(box)
    .append('svg')
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('width', '100%')
    .attr('role', 'img')
    .attr('aria-label', title)
    .attr('data-testid', 'ward-trend-svg');
  svg.append('title').text(title);
  const plot: Plot = { svg, W, H, mg, x, y, months };
  drawGrid(plot, figs, publicMode);
  drawMonthLabels(plot);
  const hasBefore = months.some((c) => c.before !== null);
  if (hasBefore) drawSeries(plot, (c) => c.before, '#9aa5b1', '5 3', 'before');
  drawSeries(plot, (c) => c.now, '#2b5f8a', null, 'now');
  drawKey(plot, figs, hasBefore, shaded);
  return box;
}

/**
 * Public mode: gridlines only at 0 and from the smallest limit up, so a line cannot be read
 * against a gridline below it (the suppressed months are bands from 0 to the limit).
 */
function drawGrid({ svg, W, mg, y }: Plot, figs: Figure[], publicMode: boolean): void {
  const minLimit = Math.min(...figs.map((f) => f.limit));
  for (const t of y.ticks(4).filter((t) => !publicMode || t === 0 || t >= minLimit)) {
    svg
      .append('line')
      .attr('x1', mg.l)
      .attr('x2', W - mg.r)
      .attr('y1', y(t))
      .attr('y2', y(t))
      .attr('stroke', '#e4e7eb');
    svg
      .append('text')
      .attr('x', mg.l - 4)
      .attr('y', y(t) + 3)
      .attr('text-anchor', 'end')
      .attr('font-size', 10)
      .attr('fill', '#52606d')
      .text(String(t));
  }
}

function drawMonthLabels({ svg, H, mg, x, months }: Plot): void {
  const step = Math.max(1, Math.ceil(months.length / 6));
  months.forEach((c, i) => {
    // Every step-th month and the last; a step label too close to the last is left out.
    const last = months.length - 1;
    if (i !== last && (i % step || last - i < Math.max(1, Math.ceil(step * 0.75)))) return;
    // The last label ends at its month (a centred one is cut off by the chart's edge).
    const anchor = months.length > 1 && i === months.length - 1 ? 'end' : 'middle';
    svg
      .append('text')
      .attr('x', x(i))
      .attr('y', H - mg.b + 14)
      .attr('text-anchor', anchor)
      .attr('font-size', 10)
      .attr('fill', '#52606d')
      .text(monthLabel(c.month).replace(/^(\w{3})\w* (\d{2})(\d{2})$/, '$1 $3'));
  });
}

/** One series: its line through the shown months, a point per shown month and a band per small or withheld one. */
function drawSeries(
  { svg, W, mg, x, y, months }: Plot,
  pick: (c: MonthCell) => Figure | null,
  stroke: string,
  dash: string | null,
  cls: string,
): void {
  const half = months.length > 1 ? (x(1) - x(0)) / 2 : 12;
  const vals = months.map((c) => pick(c));
  const ln = line<Figure | null>()
    .defined((f) => f !== null && f.state === 'shown')
    .x((_, i) => x(i))
    .y((f) => y(f?.value ?? 0));
  const p = svg
    .append('path')
    .datum(vals)
    .attr('d', ln)
    .attr('fill', 'none')
    .attr('stroke', stroke)
    .attr('stroke-width', cls === 'now' ? 2.5 : 2);
  if (dash) p.attr('stroke-dasharray', dash);
  vals.forEach((f, i) => {
    if (!f) return;
    const g = svg
      .append('g')
      .attr('data-testid', 'trend-mark')
      .attr('data-series', cls)
      .attr('data-month', formatMonth(months[i].month))
      .attr('data-state', f.state);
    if (f.state === 'shown') {
      g.attr('data-value', f.value);
      g.append('circle')
        .attr('cx', x(i))
        .attr('cy', y(f.value))
        .attr('r', months.length > 1 ? 2 : 4)
        .attr('fill', stroke)
        .append('title')
        .text(`${monthLabel(months[i].month)}${cls === 'now' ? '' : ' (a year earlier)'}: ${f.text}`);
    } else {
      // A band, not a value: from 0 up to the limit (small), or the full height (withheld).
      const y0 = f.state === 'small' ? y(f.limit) : mg.t;
      // Narrow bands centred on the month, kept inside the plot.
      const bw = Math.min(half * (cls === 'now' ? 1.2 : 0.8), cls === 'now' ? 16 : 10);
      const bx = Math.max(mg.l, Math.min(W - mg.r - bw, x(i) - bw / 2));
      g.append('rect')
        .attr('x', bx)
        .attr('width', bw)
        .attr('y', y0)
        .attr('height', y(0) - y0)
        .attr('fill', cls === 'now' ? '#2b5f8a' : '#9aa5b1')
        .attr('fill-opacity', f.state === 'small' ? 0.25 : 0.1)
        .append('title')
        .text(
          `${monthLabel(months[i].month)}${cls === 'now' ? '' : ' (a year earlier)'}: ${f.state === 'small' ? f.text : 'not shown, to protect a small count'}`,
        );
    }
  });
}

/** The key: the two lines, and the shaded band when there is one. */
function drawKey({ svg, H, mg }: Plot, figs: Figure[], hasBefore: boolean, shaded: boolean): void {
  const key = svg
    .append('g')
    .attr('transform', `translate(${mg.l},${H - (shaded ? 20 : 6)})`)
    .attr('font-size', 10)
    .attr('fill', '#1f2933');
  key
    .append('line')
    .attr('x1', 0)
    .attr('x2', 18)
    .attr('y1', -3)
    .attr('y2', -3)
    .attr('stroke', '#2b5f8a')
    .attr('stroke-width', 2.5);
  key.append('text').attr('x', 22).attr('y', 0).text('this period');
  if (hasBefore) {
    key
      .append('line')
      .attr('x1', 100)
      .attr('x2', 118)
      .attr('y1', -3)
      .attr('y2', -3)
      .attr('stroke', '#9aa5b1')
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', '5 3');
    key.append('text').attr('x', 122).attr('y', 0).text('a year earlier');
  } else key.append('text').attr('x', 100).attr('y', 0).attr('fill', '#52606d').text('(a year earlier is not loaded)');
  if (shaded) {
    const lim = Math.min(...figs.filter((f) => f.state === 'small').map((f) => f.limit));
    key
      .append('rect')
      .attr('x', 0)
      .attr('y', 6)
      .attr('width', 18)
      .attr('height', 9)
      .attr('fill', '#9aa5b1')
      .attr('fill-opacity', 0.3);
    key
      .append('text')
      .attr('x', 22)
      .attr('y', 14)
      .attr('fill', '#52606d')
      .text(
        Number.isFinite(lim)
          ? `a shaded month had fewer than ${lim}, or is not shown (public mode)`
          : 'a shaded month is not shown (public mode)',
      );
  }
}

/** The trend chart as a PNG (the drawn SVG, so it carries exactly what the page shows). */
export async function chartPng(svg: SVGSVGElement): Promise<Blob | null> {
  const xml = new XMLSerializer().serializeToString(svg);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = 920;
  c.height = 340;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(img, 0, 0, c.width, c.height);
  return new Promise((res) => c.toBlob(res, 'image/png'));
}
