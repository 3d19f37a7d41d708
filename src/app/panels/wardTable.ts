/** The ward ranking table of the results panel: one keyboard-selectable row per ward. */
import type { AnalysisResult, WardResult } from '../../analysis/sessionTypes.ts';
import { h, fmtInt, fmt1, pct } from '../dom.ts';
import { windowLabel } from './change.ts';
import { expanded, LIST_LIMITS, visibleRows } from './longLists.ts';
import type { PanelCallbacks } from './panels.ts';

function changeCell(w: WardResult): HTMLElement {
  if (w.previous === null || w.difference === null) return h('td', { class: 'num muted' }, '–');
  const z = w.poissonZ;
  const sig = z !== null && Math.abs(z) >= 1.96;
  const arrow = w.difference > 0 ? '▲' : w.difference < 0 ? '▼' : '■';
  const sign = w.difference > 0 ? '+' : '';
  const zText = z === null ? '' : `z ${z >= 0 ? '+' : ''}${z.toFixed(1)}`;
  // The z value is dropped in a narrow results column (styles.css container query); the * that
  // marks |z| ≥ 1.96 always stays, and the title carries both.
  const td = h(
    'td',
    {
      class: `num change ${sig ? (w.difference > 0 ? 'up' : 'down') : 'flat'}`,
      title: [w.direction ?? '', zText].filter(Boolean).join(', '),
    },
    h('span', { 'aria-hidden': 'true' }, `${arrow} `),
    `${sign}${fmtInt.format(w.difference)}`,
    h('span', { class: 'visually-hidden' }, ` ${w.direction ?? ''}`),
    h('small', { class: 'z' }, zText ? ` ${zText}` : ''),
    sig ? h('small', { class: 'sig' }, ' *') : null,
  );
  return td;
}

export function wardTable(r: AnalysisResult, selected: string | null, cb: PanelCallbacks): HTMLElement {
  const hasRate = r.wards.some((w) => w.ratePer1000 !== null);
  const hasChange = r.wards.some((w) => w.previous !== null);
  const table = h('table', { class: 'wards', 'data-testid': 'ward-table' });
  table.append(wardCaption(r, hasChange), wardHead(hasRate, hasChange));
  const tbody = h('tbody');
  for (const w of visibleRows(
    r.wards,
    cb.refresh ? LIST_LIMITS.wards : Infinity,
    expanded.wards,
    (x) => x.code === selected,
  ))
    tbody.append(wardRow(w, selected, hasRate, hasChange, cb));
  table.append(tbody);
  return table;
}

function wardCaption(r: AnalysisResult, hasChange: boolean): HTMLElement {
  const cw = r.compareWindow;
  return h(
    'caption',
    {},
    `Wards ranked by ${r.filterLabel}. `,
    h(
      'span',
      { class: 'caption-more' },
      hasChange
        ? `Change: ${r.months.window ? windowLabel(r.months.window) : 'the window'} against ${cw ? windowLabel(cw) : 'the previous period of equal length'}; ▲ up, ▼ down, * marks |z| ≥ 1.96 (Poisson).`
        : 'No change column: the previous period of equal length is not loaded (or comparison is off).',
    ),
  );
}

function wardHead(hasRate: boolean, hasChange: boolean): HTMLElement {
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'num' }, '#'),
      h('th', { scope: 'col' }, 'Ward'),
      h('th', { scope: 'col', class: 'num' }, 'Count'),
      h('th', { scope: 'col', class: 'num' }, 'Share'),
      h('th', { scope: 'col', class: 'cum' }, 'Cumulative'),
      hasRate ? h('th', { scope: 'col', class: 'num' }, 'Per 1,000') : null,
      hasChange ? h('th', { scope: 'col', class: 'num' }, 'Change') : null,
    ),
  );
}

/** One ward's row: click, Enter or Space selects it (again: deselects), the arrow keys move along the rows. */
function wardRow(
  w: WardResult,
  selected: string | null,
  hasRate: boolean,
  hasChange: boolean,
  cb: PanelCallbacks,
): HTMLElement {
  const bar = h('span', { class: 'bar' });
  bar.style.width = `${(w.cumulativeShare * 100).toFixed(1)}%`;
  const tr = h(
    'tr',
    {
      'data-testid': 'ward-row',
      'data-ward-code': w.code,
      'data-count': String(w.count),
      tabindex: 0,
      'aria-selected': w.code === selected ? 'true' : 'false',
      class: w.code === selected ? 'selected' : null,
    },
    h('td', { class: 'num' }, w.rank),
    h('th', { scope: 'row' }, w.name),
    h('td', { class: 'num' }, fmtInt.format(w.count)),
    h('td', { class: 'num' }, pct(w.share)),
    h(
      'td',
      { class: 'cum' },
      h('span', { class: 'barwrap' }, bar),
      h('span', { class: 'barlabel' }, pct(w.cumulativeShare, 0)),
    ),
    hasRate ? h('td', { class: 'num' }, w.ratePer1000 === null ? '–' : fmt1.format(w.ratePer1000)) : null,
    hasChange ? changeCell(w) : null,
  );
  const toggle = () => cb.selectWard(w.code === selected ? null : w.code);
  tr.addEventListener('click', toggle);
  tr.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  });
  return tr;
}
