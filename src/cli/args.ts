/**
 * Command-line arguments of `npm run -s analyse -- …`. Pure: parses an argv
 * array into options or throws a UsageError with one line saying what is wrong.
 */
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
  actions: string | null;
  places: string[];
  codeField: string | null;
  /** Columns of a generic crime CSV, e.g. {lon: 'X', lat: 'Y', month: 'Date', category: 'Offence'}. */
  columns: Record<string, string> | null;
  nameField: string | null;
  help: boolean;
}

export const USAGE = `Usage: npm run -s analyse -- --wards FILE --crimes FILE_OR_DIR... [options] --json OUT.json

Input
  --wards FILE...            ward boundaries: GeoJSON, TopoJSON, zipped shapefile, or .shp/.dbf/.prj
  --crimes FILE_OR_DIR...    police.uk street CSVs (folders are searched recursively), police.uk API JSON
  --population FILE          CSV with ward code and population (rates per 1,000 residents)
  --columns "lon=X,lat=Y,month=Date,category=Offence"
                             columns of a generic crime CSV (roles: lon, lat, easting, northing,
                             date, month, category, weight, location, id); guessed when absent
  --code-field NAME          ward code attribute (default: detected, e.g. GSS_CODE, WD13CD)
  --name-field NAME          ward name attribute (default: detected)
Filters
  --from YYYY-MM --to YYYY-MM        month window (default: every loaded month)
  --types "Burglary,Robbery"         police.uk crime types or groups (property, acquisitive, violence)
  --include-asb                      count anti-social behaviour in "all crime" (excluded by default)
  --compare-from YYYY-MM --compare-to YYYY-MM   comparison window (default: none)
  --top N                            wards named in the headline (default 5)
Density and hotspots
  --kernel quartic|epanechnikov|triweight|uniform|gaussian   (default quartic)
  --bandwidth METRES|sfhotspot|arcgis|scott|practitioner     (default practitioner: 250 m, 50 m cells)
  --cell METRES|auto                                         (default auto)
  --threshold Kx|P%          hotspot threshold: K × mean of non-zero cells (e.g. 2x) or top P% of cells (default 2x)
  --per-month                density in crimes per km² per month of the window (default: over the window)
  --weighted                 weight the density by the crimes' weight column (harm weighting)
  --kde-asc OUT.asc          density grid as an ESRI ASCII grid in EPSG:27700 (crimes per km²)
  --hotspots OUT.geojson     hotspot areas as WGS84 GeoJSON
  --gistar METRES            Getis-Ord Gi* on counts in cells of METRES (queen + self, Benjamini-Hochberg FDR)
  --gistar-geojson OUT       significant Gi* cells as WGS84 GeoJSON (needs --gistar)
  --patrol-areas K           top K hotspot areas with share of crime, share of area and PAI
Plan
  --actions FILE             action register (JSON or CSV) to link to hotspots and wards
  --places FILE...           named places (GeoJSON points/polygons, or the FHRS CSV) for labels and links
Output
  --json OUT.json            the report (wards sorted by count, concentration, input accounting)
`;

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

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    wards: [],
    crimes: [],
    from: null,
    to: null,
    types: null,
    includeAsb: false,
    population: null,
    compareFrom: null,
    compareTo: null,
    json: null,
    topN: 5,
    kernel: 'quartic',
    bandwidth: 'practitioner',
    cell: 'auto',
    kdeAsc: null,
    weighted: false,
    perMonth: false,
    gistar: null,
    gistarGeojson: null,
    hotspots: null,
    patrolAreas: null,
    threshold: { kind: 'mean-multiple', k: 2 },
    actions: null,
    places: [],
    codeField: null,
    nameField: null,
    columns: null,
    help: false,
  };
  const multi = new Set(['--wards', '--crimes', '--places']);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const takeOne = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (multi.has(flag)) {
      const list = flag === '--wards' ? o.wards : flag === '--crimes' ? o.crimes : o.places;
      let n = 0;
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
        list.push(argv[++i]);
        n++;
      }
      if (!n) throw new UsageError(`${flag} needs at least one file`);
      continue;
    }
    switch (flag) {
      case '--from':
        o.from = month(flag, takeOne());
        break;
      case '--to':
        o.to = month(flag, takeOne());
        break;
      case '--compare-from':
        o.compareFrom = month(flag, takeOne());
        break;
      case '--compare-to':
        o.compareTo = month(flag, takeOne());
        break;
      case '--types':
        o.types = takeOne()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--include-asb':
        o.includeAsb = true;
        break;
      case '--population':
        o.population = takeOne();
        break;
      case '--json':
        o.json = takeOne();
        break;
      case '--top':
        o.topN = Math.round(positive(flag, takeOne()));
        break;
      case '--kernel': {
        const k = takeOne() as KernelName;
        if (!KERNELS.includes(k)) throw new UsageError(`--kernel must be one of ${KERNELS.join(', ')}`);
        o.kernel = k;
        break;
      }
      case '--bandwidth': {
        const v = takeOne();
        o.bandwidth = RULES.includes(v as BandwidthRule) ? (v as BandwidthRule) : positive(flag, v);
        break;
      }
      case '--cell': {
        const v = takeOne();
        o.cell = v === 'auto' ? 'auto' : positive(flag, v);
        break;
      }
      case '--threshold': {
        const v = takeOne().trim();
        const mult = /^(\d+(?:\.\d+)?)x$/i.exec(v);
        const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
        if (mult) o.threshold = { kind: 'mean-multiple', k: +mult[1] };
        else if (pct && +pct[1] > 0 && +pct[1] <= 100) o.threshold = { kind: 'top-percent', p: +pct[1] };
        else throw new UsageError(`--threshold expects K×mean as e.g. "2x" or a top share as e.g. "5%", got "${v}"`);
        break;
      }
      case '--gistar':
        o.gistar = positive(flag, takeOne());
        break;
      case '--gistar-geojson':
        o.gistarGeojson = takeOne();
        break;
      case '--per-month':
        o.perMonth = true;
        break;
      case '--weighted':
        o.weighted = true;
        break;
      case '--kde-asc':
        o.kdeAsc = takeOne();
        break;
      case '--hotspots':
        o.hotspots = takeOne();
        break;
      case '--patrol-areas':
        o.patrolAreas = Math.round(positive(flag, takeOne()));
        break;
      case '--actions':
        o.actions = takeOne();
        break;
      case '--columns': {
        const v = takeOne();
        const roles = ['lon', 'lat', 'easting', 'northing', 'date', 'month', 'category', 'weight', 'location', 'id'];
        const out: Record<string, string> = {};
        for (const part of v.split(',')) {
          const m = /^\s*([a-z]+)\s*=\s*(.+?)\s*$/.exec(part);
          if (!m || !roles.includes(m[1])) throw new UsageError(`--columns expects role=Column pairs (roles: ${roles.join(', ')}), got "${part.trim()}"`);
          out[m[1]] = m[2];
        }
        o.columns = out;
        break;
      }
      case '--code-field':
        o.codeField = takeOne();
        break;
      case '--name-field':
        o.nameField = takeOne();
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${flag}" (see --help)`);
    }
  }
  if (o.help) return o;
  if (!o.wards.length) throw new UsageError('--wards FILE is required');
  if (!o.crimes.length) throw new UsageError('--crimes FILE_OR_DIR is required');
  if (o.from !== null && o.to !== null && o.from > o.to) throw new UsageError('--from is after --to');
  if ((o.compareFrom === null) !== (o.compareTo === null)) throw new UsageError('--compare-from and --compare-to go together');
  if (o.compareFrom !== null && o.compareTo !== null && o.compareFrom > o.compareTo) throw new UsageError('--compare-from is after --compare-to');
  return o;
}
