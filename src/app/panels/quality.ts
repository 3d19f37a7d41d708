/** The data-quality panel: rows read and used, rows not used and why, months, boundaries, messages. */
import { REJECT_LABELS, REJECT_REASONS } from '../../core/types.ts';
import { formatMonth } from '../../core/months.ts';
import { areaLabel } from '../../analysis/headline.ts';
import { foldMessages } from '../../analysis/messages.ts';
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import { h, fmtInt, patchChildren } from '../dom.ts';
import type { AppState } from '../state/store.ts';

export function qualityPanel(target: HTMLElement, s: AppState): void {
  // Built aside, then patched in: it rarely changes between runs (patchChildren).
  const root = h('div');
  qualityContent(root, s);
  patchChildren(target, root);
}

function qualityContent(root: HTMLElement, s: AppState): void {
  const r = s.result;
  if (!r) {
    if (s.loadMessages.length) root.append(messagesList(s.loadMessages));
    return;
  }
  const inp = r.input;
  const dl = h('dl', { class: 'quality' });
  const row = (k: string, v: string) => dl.append(h('dt', {}, k), h('dd', {}, v));
  row('Rows read', fmtInt.format(inp.rowsRead));
  row('Rows used', fmtInt.format(inp.used));
  const rej = h('ul', { class: 'rejects' });
  for (const reason of REJECT_REASONS) {
    const n = inp.rejected[reason];
    if (n) rej.append(h('li', { 'data-reason': reason }, `${fmtInt.format(n)} ${REJECT_LABELS[reason]}`));
  }
  const months = r.months;
  row(
    'Months covered',
    months.first !== null && months.last !== null
      ? `${formatMonth(months.first)} to ${formatMonth(months.last)}`
      : 'none',
  );
  row('Months missing', months.missing.length ? months.missing.map(formatMonth).join(', ') : 'none');
  row('Outside the wards', fmtInt.format(inp.rejected['outside-wards'] ?? 0));
  row(
    'Boundaries',
    `${r.wardFile.file || 'none loaded'} · ${r.wardFile.count} wards · vintage ${r.wardFile.vintage ?? 'unknown'} · ${r.wardFile.crs}`,
  );
  if (r.wardFile.count) row('Area', areaNote(r));
  row('Files', `${inp.files.length} crime file(s)`);
  root.append(
    h('h2', {}, 'Data quality'),
    dl,
    h('h3', {}, 'Rows not used'),
    rej.childElementCount ? rej : h('p', { class: 'muted' }, 'none'),
    messagesList(foldMessages(inp.messages)),
  );
}

/** What the sentences call the area, and from which column; without one, which column would name it. */
function areaNote(r: AnalysisResult): string {
  const f = r.wardFile;
  if (f.area === null)
    return 'not named: the boundary files have no local-authority column (LADyyNM, BOROUGH or DISTRICT), so the sentences say "the loaded wards". Boundary files with such a column (e.g. ONS wards with LAD22NM, or the ward-to-local-authority lookup joined in your GIS) name the area.';
  return `${areaLabel(f.area)} (from ${f.authorityField ?? 'the boundary file'})`;
}

function messagesList(msgs: { level: string; file: string; line: number; message: string }[]): HTMLElement {
  const details = h('details', { class: 'messages' }, h('summary', {}, `Messages (${msgs.length})`));
  const ul = h('ul');
  for (const m of msgs.slice(0, 200))
    ul.append(h('li', { class: `msg ${m.level}` }, `${m.file}${m.line ? `:${m.line}` : ''} – ${m.message}`));
  if (msgs.length > 200) ul.append(h('li', {}, `… and ${msgs.length - 200} more`));
  details.append(ul);
  return details;
}
