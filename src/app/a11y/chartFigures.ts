/**
 * The figures behind a chart as a table (WCAG 1.1.1: the SVG charts are images whose values a
 * screen reader, a keyboard user or someone quoting them in a report cannot otherwise read: the
 * trends give their values only in hover tooltips). GOV.UK's pattern: a "details" component under
 * the chart, closed until asked for; not printed (the print has no room, and paper cannot open
 * it). Text through the DOM builder only (never HTML). In public mode the ward panel passes the
 * figures as the chart shows them ("fewer than 3", "not shown"), so the table discloses nothing
 * the chart does not.
 */
import { h, fmtInt } from '../dom.ts';
import './a11y.css';

/** `<details>` "Show the figures: <what>": a table whose first column labels the rows; the other cells are right-aligned text. */
export function figuresTable(
  what: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  testid: string,
): HTMLElement | null {
  if (!rows.length) return null;
  return h(
    'details',
    { class: 'chart-figures no-print', 'data-testid': testid },
    h('summary', {}, `Show the figures: ${what}`),
    h(
      'table',
      { class: 'figures' },
      h('thead', {}, h('tr', {}, ...columns.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
      h(
        'tbody',
        {},
        ...rows.map(([label, ...cells]) =>
          h('tr', {}, h('th', { scope: 'row' }, label), ...cells.map((c) => h('td', { class: 'num' }, c))),
        ),
      ),
    ),
  );
}

/** A two-column table of counts (label, count). */
export function chartFigures(
  what: string,
  columns: [string, string],
  rows: readonly (readonly [string, number])[],
  testid: string,
): HTMLElement | null {
  return figuresTable(
    what,
    columns,
    rows.map(([l, n]) => [l, fmtInt.format(n)]),
    testid,
  );
}
