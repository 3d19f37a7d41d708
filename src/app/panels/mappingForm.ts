/**
 * The column-mapping form for a delimited crime file whose columns were not recognised: the
 * page's counterpart of the CLI's --columns. One select per role, filled with the file's header
 * and pre-set from the engine's partial guess; a point needs longitude + latitude (WGS84
 * degrees) or easting + northing (British National Grid metres), and a month or date column.
 */
import type { ColumnMapping } from '../../io/genericCsv.ts';
import { h } from '../dom.ts';
import type { PendingMapping } from './guide.ts';

type Role = keyof ColumnMapping;

/** The roles offered, in order, with their labels; `date` takes any month or date form (2024-03, 2024-03-15, 15/03/2024). */
const ROLES: { role: Role; label: string }[] = [
  { role: 'lon', label: 'Longitude (WGS84 degrees)' },
  { role: 'lat', label: 'Latitude (WGS84 degrees)' },
  { role: 'easting', label: 'Easting (British National Grid metres)' },
  { role: 'northing', label: 'Northing (British National Grid metres)' },
  { role: 'date', label: 'Month or date' },
  { role: 'category', label: 'Crime type (optional)' },
  { role: 'id', label: 'Crime reference (optional)' },
  { role: 'location', label: 'Street or location (optional)' },
];

/** The mapping a form's values make, or the reason it cannot be used. */
export function mappingFromValues(
  values: Partial<Record<Role, string>>,
): { mapping: ColumnMapping } | { error: string } {
  const m: ColumnMapping = {};
  for (const { role } of ROLES) {
    const v = values[role];
    if (v) m[role] = v;
  }
  const lonLat = !!(m.lon && m.lat);
  const en = !!(m.easting && m.northing);
  if (!lonLat && !en)
    return { error: 'Choose the longitude and latitude columns, or the easting and northing columns.' };
  if (!m.date) return { error: 'Choose the column that holds the month or the date.' };
  const used = Object.values(m);
  if (new Set(used).size !== used.length) return { error: 'Each column can be used for one purpose only.' };
  return { mapping: m };
}

export function mappingForm(p: PendingMapping, onSubmit: (m: ColumnMapping) => void): HTMLElement {
  const idBase = `map-${p.file.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const selects = new Map<Role, HTMLSelectElement>();
  const rows = ROLES.map(({ role, label }) => {
    const id = `${idBase}-${role}`;
    const initial = role === 'date' ? (p.suggestion.date ?? p.suggestion.month) : p.suggestion[role];
    const sel = h(
      'select',
      { id, 'data-role': role, 'data-testid': `mapping-${role}` },
      h('option', { value: '' }, '— none —'),
      ...p.header.map((c) => h('option', { value: c, selected: c === initial }, c)),
    );
    selects.set(role, sel);
    return h('div', { class: 'maprow' }, h('label', { for: id }, label), sel);
  });
  const error = h('p', { class: 'warn', role: 'alert', 'data-testid': 'mapping-error' });
  const form = h(
    'form',
    { class: 'mapping', 'data-testid': 'mapping-form', 'data-file': p.file },
    h('h3', {}, 'Which columns hold what in ', h('span', { class: 'filename' }, p.file), '?'),
    ...rows,
    error,
    h('button', { type: 'submit', 'data-testid': 'mapping-submit' }, 'Load with these columns'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const values: Partial<Record<Role, string>> = {};
    for (const [role, sel] of selects) values[role] = sel.value;
    const r = mappingFromValues(values);
    if ('error' in r) {
      error.textContent = r.error;
      return;
    }
    error.textContent = '';
    onSubmit(r.mapping);
  });
  return form;
}
