/** d3 SVG charts: Lorenz curve, monthly trend, crime-type breakdown. Text via d3 .text() only. */
import { axisBottom, axisLeft, line, max, scaleBand, scaleLinear, select } from 'd3';
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import { formatMonth } from '../../core/months.ts';

const INK = '#1f2933';
const ACCENT = '#2b5f8a';
const ASB = 'Anti-social behaviour';
const fmtCount = new Intl.NumberFormat('en-GB');

function svg(root: HTMLElement, w: number, hgt: number, title: string) {
  root.replaceChildren();
  const s = select(root)
    .append('svg')
    .attr('viewBox', `0 0 ${w} ${hgt}`)
    .attr('width', '100%')
    .attr('role', 'img')
    .attr('aria-label', title);
  s.append('title').text(title);
  return s;
}

export function lorenzChart(root: HTMLElement, r: AnalysisResult): void {
  const W = 300,
    H = 230,
    m = { l: 40, r: 10, t: 10, b: 38 };
  const s = svg(root, W, H, `Concentration (Lorenz curve), Gini ${r.concentration.gini.toFixed(2)}`);
  const x = scaleLinear()
    .domain([0, 1])
    .range([m.l, W - m.r]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - m.b, m.t]);
  s.append('g')
    .attr('transform', `translate(0,${H - m.b})`)
    .call(
      axisBottom(x)
        .ticks(5)
        .tickFormat((d) => `${Math.round(+d * 100)}%`),
    );
  s.append('g')
    .attr('transform', `translate(${m.l},0)`)
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((d) => `${Math.round(+d * 100)}%`),
    );
  s.append('text')
    .attr('x', (m.l + W - m.r) / 2)
    .attr('y', H - 4)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', INK)
    .text('share of wards (fewest crimes first)');
  s.append('text')
    .attr('transform', `translate(11,${(H - m.b + m.t) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', INK)
    .text('share of crime');
  s.append('line')
    .attr('x1', x(0))
    .attr('y1', y(0))
    .attr('x2', x(1))
    .attr('y2', y(1))
    .attr('stroke', '#7b8794')
    .attr('stroke-dasharray', '4 3');
  s.append('text')
    .attr('x', x(0.55))
    .attr('y', y(0.62))
    .attr('font-size', 10)
    .attr('fill', '#52606d')
    .attr('transform', `rotate(-33 ${x(0.55)} ${y(0.62)})`)
    .text('equality');
  const l = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]));
  s.append('path')
    .datum(r.concentration.lorenz)
    .attr('d', l)
    .attr('fill', 'none')
    .attr('stroke', ACCENT)
    .attr('stroke-width', 2.5);
}

export function trendChart(root: HTMLElement, r: AnalysisResult): void {
  const W = 300,
    H = 170,
    m = { l: 40, r: 10, t: 10, b: 34 };
  const data = r.trend;
  const s = svg(root, W, H, 'Crimes per month');
  if (!data.length) return;
  const x = scaleBand<number>()
    .domain(data.map((d) => d.month))
    .range([m.l, W - m.r])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, max(data, (d) => d.count) ?? 1])
    .nice()
    .range([H - m.b, m.t]);
  const every = Math.ceil(data.length / 6);
  s.append('g')
    .attr('transform', `translate(0,${H - m.b})`)
    .call(
      axisBottom(x)
        .tickValues(data.filter((_, i) => i % every === 0).map((d) => d.month))
        .tickFormat((d) => formatMonth(d)),
    )
    .selectAll('text')
    .attr('font-size', 9);
  s.append('g').attr('transform', `translate(${m.l},0)`).call(axisLeft(y).ticks(4));
  // Own class name: the ward table's `.bar` (a CSS `height: 100%` span) must not reach these rects.
  s.selectAll('rect.trend-bar')
    .data(data)
    .join('rect')
    .attr('class', 'trend-bar')
    .attr('x', (d) => x(d.month) ?? 0)
    .attr('width', x.bandwidth())
    .attr('y', (d) => y(d.count))
    .attr('height', (d) => y(0) - y(d.count))
    .attr('fill', ACCENT)
    .append('title')
    .text((d) => `${formatMonth(d.month)}: ${d.count}`);
}

/**
 * Crimes by type, one row per type: the name on its own line above its bar, so a long police.uk
 * name ("Violence and sexual offences") is never clipped at any width; bars start at zero and the
 * count sits after the bar, inside the chart. Anti-social behaviour follows the "Include
 * anti-social behaviour" switch (all crime excludes it): it is listed only when the switch is on
 * or it is one of the selected types, so the chart adds up to what the headline counted.
 */
export function typesChart(
  root: HTMLElement,
  r: AnalysisResult,
  opts: { includeAsb: boolean; types: readonly string[] | null } = { includeAsb: false, types: null },
): void {
  const showAsb = opts.includeAsb || (opts.types ?? []).includes(ASB);
  const data = r.types.filter((d) => showAsb || d.category !== ASB).slice(0, 14);
  const rowH = 30,
    W = 300,
    countW = 48,
    m = { l: 2, t: 2, b: 2 };
  const H = m.t + m.b + rowH * Math.max(1, data.length);
  const s = svg(
    root,
    W,
    H,
    showAsb ? 'Crimes and anti-social behaviour by type' : 'Crimes by type (excluding anti-social behaviour)',
  );
  const x = scaleLinear()
    .domain([0, max(data, (d) => d.count) ?? 1])
    .range([m.l, W - countW]);
  const g = s
    .selectAll('g.row')
    .data(data)
    .join('g')
    .attr('class', 'row')
    .attr('data-category', (d) => d.category)
    .attr('transform', (_, i) => `translate(0,${m.t + i * rowH})`);
  g.append('text')
    .attr('class', 'type-label')
    .attr('x', m.l)
    .attr('y', 11)
    .attr('font-size', 11)
    .attr('fill', INK)
    .text((d) => d.category);
  g.append('rect')
    .attr('x', m.l)
    .attr('y', 15)
    .attr('height', 11)
    .attr('width', (d) => Math.max(0, x(d.count) - m.l))
    .attr('fill', ACCENT);
  g.append('text')
    .attr('x', (d) => x(d.count) + 4)
    .attr('y', 25)
    .attr('font-size', 11)
    .attr('fill', INK)
    .text((d) => fmtCount.format(d.count));
}
