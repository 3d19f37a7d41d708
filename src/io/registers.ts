/**
 * Reading and writing action registers (schema/action-register.schema.json).
 *
 * JSON is the canonical form. The CSV form (docs/action-register.md) has one row per
 * action; list fields are joined with ';', a named place is `name|kind|wardCode|lon|lat`
 * (empty parts allowed, trailing ones may be dropped), source lines are `from-to`, and
 * targetsPlaces is `true`/`false`. The plan travels in a first comment line
 * `# plan: {json}` (readers that ignore '#' lines still see a plain table).
 * Names and list items therefore must not contain ';' or '|'.
 *
 * Both readers validate against the schema and then check what a schema cannot: unique
 * action ids, source documents that the plan lists, and from ≤ to in line ranges.
 * Messages name the file, the action id and the field.
 */
import type { ErrorObject } from 'ajv';
import { readCsvRows } from './csvRecords.ts';
// Precompiled from schema/action-register.schema.json (npm run validators): no code is
// generated at run time, so the worker runs under a CSP without 'unsafe-eval'.
import { validate } from './generated/actionRegisterValidator.js';
import type { IngestMessage } from '../core/types.ts';
import type { ActionRegister, NamedPlace, Plan, PlanAction } from '../core/actionTypes.ts';
import { SYNTHETIC_DOCUMENT } from '../core/actionTypes.ts';

export interface RegisterResult {
  /** The register when it is valid, else null. */
  register: ActionRegister | null;
  errors: IngestMessage[];
}

export const CSV_COLUMNS = [
  'id',
  'planId',
  'priority',
  'summary',
  'categories',
  'categoryCaveat',
  'placeTypes',
  'places',
  'lead',
  'partners',
  'timescale',
  'targetsPlaces',
  'hotspotFlag',
  'status',
  'commentary',
  'sourceDocument',
  'sourceSection',
  'sourceLines',
] as const;

/** Columns a register CSV may have beyond CSV_COLUMNS (older files lack them). */
export const OPTIONAL_CSV_COLUMNS = ['statusDocument', 'statusLines', 'statusNote', 'publicUpdate'] as const;

function describeAjvError(e: ErrorObject, data: unknown): { actionIndex: number | null; text: string } {
  const path = e.instancePath.split('/').slice(1);
  let actionIndex: number | null = null;
  let where = e.instancePath || '(top level)';
  if (path[0] === 'actions' && path.length >= 2) {
    actionIndex = Number(path[1]);
    const action = (data as { actions?: { id?: unknown }[] }).actions?.[actionIndex];
    const id = typeof action?.id === 'string' ? action.id : `#${actionIndex + 1}`;
    const field = path.slice(2).join('.') || '(action)';
    where = `action ${id}, field ${field}`;
  } else if (path.length) {
    where = `field ${path.join('.')}`;
  }
  let msg = e.message ?? 'is invalid';
  if (e.keyword === 'enum')
    msg += `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}`;
  if (e.keyword === 'additionalProperties')
    msg += ` ('${(e.params as { additionalProperty: string }).additionalProperty}')`;
  if (e.keyword === 'required') msg = `missing required '${(e.params as { missingProperty: string }).missingProperty}'`;
  return { actionIndex, text: `${where}: ${msg}` };
}

/** Schema validation plus cross-field checks; `lineOf(i)` gives the message line of action i. */
function check(data: unknown, file: string, lineOf: (i: number) => number): RegisterResult {
  const errors: IngestMessage[] = [];
  if (!validate(data)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      // if/then wrappers repeat the real error; skip them.
      if (e.keyword === 'if') continue;
      const { actionIndex, text } = describeAjvError(e, data);
      if (seen.has(text)) continue;
      seen.add(text);
      errors.push({ level: 'error', file, line: actionIndex === null ? 0 : lineOf(actionIndex), message: text });
    }
    return { register: null, errors };
  }
  const reg = data as unknown as ActionRegister;
  const docs = new Set(reg.plan.sourceDocuments.map((d) => d.id));
  const ids = new Set<string>();
  reg.actions.forEach((a, i) => {
    if (ids.has(a.id)) errors.push({ level: 'error', file, line: lineOf(i), message: `action ${a.id}: duplicate id` });
    ids.add(a.id);
    if (a.source.document !== SYNTHETIC_DOCUMENT && !docs.has(a.source.document))
      errors.push({
        level: 'error',
        file,
        line: lineOf(i),
        message: `action ${a.id}, field source.document: '${a.source.document}' is not in plan.sourceDocuments`,
      });
    const l = a.source.lines;
    if (l && l[0] > l[1])
      errors.push({
        level: 'error',
        file,
        line: lineOf(i),
        message: `action ${a.id}, field source.lines: ${l[0]} is after ${l[1]}`,
      });
  });
  return { register: errors.length ? null : reg, errors };
}

export function parseRegisterJson(text: string, fileName: string): RegisterResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return {
      register: null,
      errors: [{ level: 'error', file: fileName, line: 0, message: `not valid JSON: ${(e as Error).message}` }],
    };
  }
  return check(data, fileName, (i) => i + 1);
}

export function registerToJson(register: ActionRegister): string {
  return JSON.stringify(register, null, 2) + '\n';
}

const splitList = (s: string): string[] =>
  s
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);

function parsePlace(s: string): NamedPlace {
  const [name, kind, wardCode, lon, lat] = s.split('|').map((x) => x.trim());
  const p: Record<string, unknown> = { name };
  if (kind) p.kind = kind;
  if (wardCode) p.wardCode = wardCode;
  if (lon) p.lon = Number(lon);
  if (lat) p.lat = Number(lat);
  return p as unknown as NamedPlace;
}

function formatPlace(p: NamedPlace): string {
  const parts = [
    p.name,
    p.kind ?? '',
    p.wardCode ?? '',
    p.lon === undefined ? '' : String(p.lon),
    p.lat === undefined ? '' : String(p.lat),
  ];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('|');
}

/**
 * Reads the CSV form. The plan comes from `plan` when given, else from the `# plan:` line.
 * Message line numbers are the CSV's 1-based physical lines.
 */
export function parseRegisterCsv(text: string, fileName: string, plan?: Plan): RegisterResult {
  const body = text.replace(/^\uFEFF/, '');
  const errors: IngestMessage[] = [];
  const lines = body.split(/\r?\n/);
  let planData: unknown = plan;
  let skip = 0;
  while (skip < lines.length && lines[skip].startsWith('#')) {
    const m = /^#\s*plan:\s*(.*)$/.exec(lines[skip]);
    if (m && !plan) {
      try {
        planData = JSON.parse(m[1]);
      } catch (e) {
        errors.push({
          level: 'error',
          file: fileName,
          line: skip + 1,
          message: `plan line is not valid JSON: ${(e as Error).message}`,
        });
      }
    }
    skip++;
  }
  if (!planData && !errors.length)
    errors.push({
      level: 'error',
      file: fileName,
      line: 0,
      message: 'no plan: add a "# plan: {…}" first line or pass the plan',
    });
  if (errors.length) return { register: null, errors };
  const table = lines.slice(skip).join('\n');
  // The same CSV reader as the crime files (csvRecords.ts); its line numbers are physical lines.
  const csv = readCsvRows(table, 44, skip + 1);
  const header = csv.rows[0]?.fields ?? [];
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      register: null,
      errors: [{ level: 'error', file: fileName, line: skip + 1, message: `missing column(s): ${missing.join(', ')}` }],
    };
  for (const line of csv.unreadable)
    errors.push({
      level: 'error',
      file: fileName,
      line,
      message: 'CSV: unreadable record (an unterminated quote, or longer than 64 KB)',
    });
  // Rows whose every cell is blank are skipped, as empty lines are.
  const data = csv.rows.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''));
  for (const r of data) {
    if (r.fields.length !== header.length)
      errors.push({
        level: 'error',
        file: fileName,
        line: r.line,
        message: `CSV: ${r.fields.length} fields where the header has ${header.length}`,
      });
  }
  const rowLines = data.map((r) => r.line);
  const actions: PlanAction[] = data.map((row) => csvAction(header, row.fields));
  if (errors.length) return { register: null, errors };
  return check({ schemaVersion: 1, plan: planData, actions }, fileName, (i) => rowLines[i] ?? 0);
}

/** One action from a CSV row of the register (the columns CSV_COLUMNS and OPTIONAL_CSV_COLUMNS); the schema check comes after. */
function csvAction(header: readonly string[], fields: readonly string[]): PlanAction {
  // Optional columns absent from an older file read as '' (header.indexOf → −1 → undefined).
  const r = Object.fromEntries(
    [...CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS].map((c) => [c, fields[header.indexOf(c)] ?? '']),
  ) as Record<(typeof CSV_COLUMNS)[number] | (typeof OPTIONAL_CSV_COLUMNS)[number], string>;
  const a: Record<string, unknown> = {
    id: r.id.trim(),
    priority: r.priority,
    summary: r.summary,
    categories: splitList(r.categories),
    placeTypes: splitList(r.placeTypes),
    places: splitList(r.places).map(parsePlace),
    lead: r.lead,
    partners: splitList(r.partners),
    timescale: r.timescale,
    targetsPlaces:
      r.targetsPlaces.trim().toLowerCase() === 'true'
        ? true
        : r.targetsPlaces.trim().toLowerCase() === 'false'
          ? false
          : r.targetsPlaces,
    hotspotFlag: r.hotspotFlag.trim(),
    status: r.status.trim(),
    commentary: r.commentary,
    source: {} as Record<string, unknown>,
  };
  if (r.planId.trim()) a.planId = r.planId.trim();
  if ((r.statusNote ?? '').trim()) {
    const ss: Record<string, unknown> = { document: (r.statusDocument ?? '').trim(), note: r.statusNote };
    const sl = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(r.statusLines ?? '');
    if (sl) ss.lines = [Number(sl[1]), Number(sl[2] ?? sl[1])];
    a.statusSource = ss;
  }
  if ((r.publicUpdate ?? '').trim()) a.publicUpdate = r.publicUpdate;
  if (r.categoryCaveat.trim()) a.categoryCaveat = r.categoryCaveat;
  const src = a.source as Record<string, unknown>;
  src.document = r.sourceDocument.trim();
  if (r.sourceSection.trim()) src.section = r.sourceSection;
  const lm = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(r.sourceLines);
  if (lm) src.lines = [Number(lm[1]), Number(lm[2] ?? lm[1])];
  else if (r.sourceLines.trim()) src.lines = r.sourceLines;
  return a as unknown as PlanAction;
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV form, with the `# plan:` first line. */
export function registerToCsv(register: ActionRegister): string {
  const columns = [...CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS];
  const rows = [`# plan: ${JSON.stringify(register.plan)}`, columns.join(',')];
  for (const a of register.actions) {
    const cells: Record<(typeof columns)[number], string> = {
      id: a.id,
      planId: a.planId ?? '',
      priority: a.priority,
      summary: a.summary,
      categories: a.categories.join(';'),
      categoryCaveat: a.categoryCaveat ?? '',
      placeTypes: a.placeTypes.join(';'),
      places: a.places.map(formatPlace).join(';'),
      lead: a.lead,
      partners: a.partners.join(';'),
      timescale: a.timescale,
      targetsPlaces: String(a.targetsPlaces),
      hotspotFlag: a.hotspotFlag,
      status: a.status,
      commentary: a.commentary,
      sourceDocument: a.source.document,
      sourceSection: a.source.section ?? '',
      sourceLines: a.source.lines ? `${a.source.lines[0]}-${a.source.lines[1]}` : '',
      statusDocument: a.statusSource?.document ?? '',
      statusLines: a.statusSource?.lines ? `${a.statusSource.lines[0]}-${a.statusSource.lines[1]}` : '',
      statusNote: a.statusSource?.note ?? '',
      publicUpdate: a.publicUpdate ?? '',
    };
    rows.push(columns.map((c) => csvCell(cells[c])).join(','));
  }
  return rows.join('\n') + '\n';
}
