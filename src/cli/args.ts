/**
 * Command-line arguments of `npm run -s analyse -- …`. Pure: parses an argv
 * array into options or throws a UsageError with one line saying what is wrong.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { parseMonth } from '../core/months.ts';
import type { BandwidthRule, KernelName } from '../analysis/sessionTypes.ts';

export class UsageError extends Error {}

export interface CliOptions {
  wards: string[];
  crimes: string[];
  from: number | null;
  to: number | null;
  types: string[] | null;
  includeAsb: boolean;
  population: string | null;
  compareFrom: number | null;
  compareTo: number | null;
  json: string | null;
  topN: number;
  kernel: KernelName;
  bandwidth: number | BandwidthRule;
  cell: number | 'auto';
  kdeAsc: string | null;
  weighted: boolean;
  perMonth: boolean;
  gistar: number | null;
  gistarGeojson: string | null;
  hotspots: string | null;
  patrolAreas: number | null;
  threshold: { kind: 'mean-multiple'; k: number } | { kind: 'top-percent'; p: number };
  /** --hotspot-areas compact|threshold and --max-area-km2 (hotspots/areas.ts). */
  areas: { method: 'compact' | 'threshold'; maxAreaKm2: number };
  actions: string | null;
  places: string[];
  codeField: string | null;
  /** Columns of a generic crime CSV, e.g. {lon: 'X', lat: 'Y', month: 'Date', category: 'Offence'}. */
  columns: Record<string, string> | null;
  nameField: string | null;
  /** Compute the density surface and hotspot areas for the JSON report even when no other output needs them. */
  density: boolean;
  /** Print the time taken and the peak memory on stderr. */
  stats: boolean;
  /** Worker threads reading crime files (null: one per core; 1: all in the main thread). */
  threads: number | null;
  help: boolean;
}

export { USAGE } from './usage.ts';

const KERNELS: KernelName[] = ['quartic', 'epanechnikov', 'triweight', 'uniform', 'gaussian'];
const RULES: BandwidthRule[] = ['sfhotspot', 'arcgis', 'scott', 'practitioner'];

function month(flag: string, v: string): number {
  const m = parseMonth(v);
  if (m < 0 || !/^\d{4}-\d{2}$/.test(v.trim())) throw new UsageError(`${flag} expects a month as YYYY-MM, got "${v}"`);
  return m;
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${flag} expects a positive number, got "${v}"`);
  return n;
}

/** The options that take several values after one flag (`--crimes a b c`). */
const MULTI = new Set(['--wards', '--crimes', '--places']);

/**
 * node:util's parseArgs reads one value per flag; users write `--crimes 2017-01 2017-02 …`
 * (as the README has it), so a multi-value flag's following values become repeated flags first.
 */
export function repeatMulti(argv: readonly string[], multi: ReadonlySet<string> = MULTI): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!multi.has(flag)) {
      out.push(flag);
      continue;
    }
    let n = 0;
    while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      out.push(flag, argv[++i]);
      n++;
    }
    if (!n) throw new UsageError(`${flag} needs at least one file`);
  }
  return out;
}

const OPTIONS = {
  wards: { type: 'string', multiple: true },
  crimes: { type: 'string', multiple: true },
  places: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  'compare-from': { type: 'string' },
  'compare-to': { type: 'string' },
  types: { type: 'string' },
  'include-asb': { type: 'boolean' },
  population: { type: 'string' },
  json: { type: 'string' },
  top: { type: 'string' },
  kernel: { type: 'string' },
  bandwidth: { type: 'string' },
  cell: { type: 'string' },
  threshold: { type: 'string' },
  gistar: { type: 'string' },
  'hotspot-areas': { type: 'string' },
  'max-area-km2': { type: 'string' },
  'gistar-geojson': { type: 'string' },
  'per-month': { type: 'boolean' },
  weighted: { type: 'boolean' },
  'kde-asc': { type: 'string' },
  hotspots: { type: 'string' },
  'patrol-areas': { type: 'string' },
  density: { type: 'boolean' },
  actions: { type: 'string' },
  columns: { type: 'string' },
  'code-field': { type: 'string' },
  'name-field': { type: 'string' },
  stats: { type: 'boolean' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** node:util parseArgs' errors, said as this CLI says them ("--from needs a value", "unknown option"). */
function usageOf(e: unknown): UsageError {
  const msg = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code;
  const flag = /'(-{1,2}[\w-]+)/.exec(msg)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option "${flag}" (see --help)`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing/.test(msg))
    return new UsageError(`${flag.split(' ')[0]} needs a value`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return new UsageError(`unexpected argument ${/'([^']*)'/.exec(msg)?.[1] ?? ''} (see --help)`);
  return new UsageError(msg.split('\n')[0]);
}

export function parseArgs(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = nodeParseArgs({ args: repeatMulti(argv), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw usageOf(e);
  }
  const str = (k: string): string | null => {
    const v = values[k];
    if (typeof v !== 'string') return null;
    // A value that is another flag means the value was forgotten ("--json --from 2017-01").
    if (v.startsWith('--')) throw new UsageError(`--${k} needs a value`);
    return v;
  };
  const list = (k: string): string[] => (values[k] as string[] | undefined) ?? [];
  const o: CliOptions = {
    wards: list('wards'),
    crimes: list('crimes'),
    from: null,
    to: null,
    types: null,
    includeAsb: values['include-asb'] === true,
    population: str('population'),
    compareFrom: null,
    compareTo: null,
    json: str('json'),
    topN: 5,
    kernel: 'quartic',
    bandwidth: 'practitioner',
    cell: 'auto',
    kdeAsc: str('kde-asc'),
    weighted: values.weighted === true,
    perMonth: values['per-month'] === true,
    gistar: null,
    gistarGeojson: str('gistar-geojson'),
    hotspots: str('hotspots'),
    patrolAreas: null,
    threshold: { kind: 'mean-multiple', k: 2 },
    areas: { method: 'compact', maxAreaKm2: 1 },
    actions: str('actions'),
    places: list('places'),
    codeField: str('code-field'),
    nameField: str('name-field'),
    columns: null,
    density: values.density === true,
    stats: values.stats === true,
    threads: null,
    help: values.help === true,
  };
  if (o.help) return o;
  applyValues(o, str);
  checkOptions(o);
  return o;
}

/** The options that take a value, parsed and range-checked into `o`. */
function applyValues(o: CliOptions, str: (k: string) => string | null): void {
  const from = str('from');
  const to = str('to');
  const cf = str('compare-from');
  const ct = str('compare-to');
  if (from !== null) o.from = month('--from', from);
  if (to !== null) o.to = month('--to', to);
  if (cf !== null) o.compareFrom = month('--compare-from', cf);
  if (ct !== null) o.compareTo = month('--compare-to', ct);
  const types = str('types');
  if (types !== null)
    o.types = types
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  const top = str('top');
  if (top !== null) o.topN = Math.round(positive('--top', top));
  const kernel = str('kernel');
  if (kernel !== null) {
    if (!KERNELS.includes(kernel as KernelName)) throw new UsageError(`--kernel must be one of ${KERNELS.join(', ')}`);
    o.kernel = kernel as KernelName;
  }
  const bw = str('bandwidth');
  if (bw !== null)
    o.bandwidth = RULES.includes(bw as BandwidthRule) ? (bw as BandwidthRule) : positive('--bandwidth', bw);
  const cell = str('cell');
  if (cell !== null) o.cell = cell === 'auto' ? 'auto' : positive('--cell', cell);
  const th = str('threshold');
  if (th !== null) o.threshold = threshold(th.trim());
  const method = str('hotspot-areas');
  if (method !== null) {
    if (method !== 'compact' && method !== 'threshold')
      throw new UsageError(`--hotspot-areas must be compact or threshold, got "${method}"`);
    o.areas.method = method;
  }
  const maxArea = str('max-area-km2');
  if (maxArea !== null) o.areas.maxAreaKm2 = positive('--max-area-km2', maxArea);
  const gi = str('gistar');
  if (gi !== null) o.gistar = positive('--gistar', gi);
  const pa = str('patrol-areas');
  if (pa !== null) o.patrolAreas = Math.round(positive('--patrol-areas', pa));
  const threads = str('threads');
  if (threads !== null) o.threads = Math.max(1, Math.round(positive('--threads', threads)));
  const cols = str('columns');
  if (cols !== null) o.columns = columns(cols);
}

/** What the options must say together: the required files, and windows that run forwards. */
function checkOptions(o: CliOptions): void {
  if (!o.wards.length) throw new UsageError('--wards FILE is required');
  if (!o.crimes.length) throw new UsageError('--crimes FILE_OR_DIR is required');
  if (o.from !== null && o.to !== null && o.from > o.to) throw new UsageError('--from is after --to');
  if ((o.compareFrom === null) !== (o.compareTo === null))
    throw new UsageError('--compare-from and --compare-to go together');
  if (o.compareFrom !== null && o.compareTo !== null && o.compareFrom > o.compareTo)
    throw new UsageError('--compare-from is after --compare-to');
}

function threshold(v: string): CliOptions['threshold'] {
  const mult = /^(\d+(?:\.\d+)?)x$/i.exec(v);
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
  if (mult) return { kind: 'mean-multiple', k: +mult[1] };
  if (pct && +pct[1] > 0 && +pct[1] <= 100) return { kind: 'top-percent', p: +pct[1] };
  throw new UsageError(`--threshold expects K×mean as e.g. "2x" or a top share as e.g. "5%", got "${v}"`);
}

const ROLES = ['lon', 'lat', 'easting', 'northing', 'date', 'month', 'category', 'weight', 'location', 'id'];

function columns(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of v.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m || !ROLES.includes(m[1]))
      throw new UsageError(`--columns expects role=Column pairs (roles: ${ROLES.join(', ')}), got "${part.trim()}"`);
    out[m[1]] = m[2];
  }
  return out;
}
