/**
 * Golden outputs: what the engine produces today for fixed inputs, recorded before a
 * refactor and compared after it (issue 17: "the same numbers as before").
 *
 * Each case runs the CLI in-process exactly as a user would (`main(argv)` of
 * src/cli/analyse.ts, writing its files into a temporary folder) and, beside it, the page's
 * ward table: `session.run(params).wards` for the same parameters (the page's ward table is
 * drawn from those rows). Outputs recorded per case:
 *   - `report`: the CLI's JSON (`--json`), including patrol areas (`--patrol-areas 5`);
 *   - `asc`: the ESRI ASCII grid (`--kde-asc`), verbatim text;
 *   - `hotspots`: the hotspots GeoJSON (`--hotspots`);
 *   - `wardTable`: the unrounded ward rows of session.run.
 * Paths of the real data are written as `<data>/…` so that goldens do not depend on where
 * ../shared/data sits.
 *
 * Real-data goldens derive from ../shared/data and are therefore never committed: they are
 * written to the git-ignored folder `.golden/` by `npm run golden:record`. The demo's
 * golden (synthetic data) is committed in test/golden/demo.golden.json.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, paramsFrom } from '../../src/cli/analyse.ts';
import { parseArgs } from '../../src/cli/args.ts';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { SHARED_DATA } from '../helpers/sharedData.ts';

export interface GoldenCase {
  name: string;
  /** Path under ../shared/data the case needs (null: committed demo data only). */
  needs: string | null;
  /** CLI arguments without the output flags; `<data>` stands for ../shared/data. */
  args: string[];
}

const D = '<data>';
export const GOLDEN_CASES: GoldenCase[] = [
  {
    name: 'demo',
    needs: null,
    args: [
      '--wards',
      'data/demo/wards.geojson',
      '--crimes',
      'data/demo/crimes',
      '--population',
      'data/demo/population.csv',
      '--from',
      '2024-01',
      '--to',
      '2024-12',
      '--compare-from',
      '2023-01',
      '--compare-to',
      '2023-12',
      '--actions',
      'data/demo/actions.json',
      '--places',
      'data/demo/places.geojson',
    ],
  },
  {
    name: 'haringey-api-json',
    needs: 'police-uk/api-json/crimes-street-haringey-wards',
    args: [
      '--wards',
      `${D}/boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson`,
      '--crimes',
      `${D}/police-uk/api-json/crimes-street-haringey-wards`,
      '--population',
      `${D}/population/london_ward_pop.csv.gz`,
      '--from',
      '2018-01',
      '--to',
      '2018-06',
      '--compare-from',
      '2017-07',
      '--compare-to',
      '2017-12',
      '--actions',
      'data/registers/haringey.json',
      '--places',
      `${D}/places/stations/derived/haringey_area_stations.geojson`,
      `${D}/places/town-centres/derived/haringey_town_centres.geojson`,
    ],
  },
  {
    name: 'city-of-london-csv',
    needs: 'police-uk/street-csv/city-of-london',
    args: [
      '--wards',
      `${D}/boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson`,
      '--crimes',
      `${D}/police-uk/street-csv/city-of-london`,
      '--from',
      '2017-01',
      '--to',
      '2017-12',
      '--compare-from',
      '2018-01',
      '--compare-to',
      '2018-12',
    ],
  },
  {
    name: 'met-burglary',
    needs: 'police-uk/street-csv/metropolitan-burglary-only',
    args: [
      '--wards',
      `${D}/boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson`,
      '--crimes',
      `${D}/police-uk/street-csv/metropolitan-burglary-only`,
      '--population',
      `${D}/population/london_ward_pop.csv.gz`,
      '--from',
      '2018-01',
      '--to',
      '2018-12',
      '--compare-from',
      '2017-01',
      '--compare-to',
      '2017-12',
    ],
  },
];

export interface Golden {
  args: string[];
  report: unknown;
  asc: string;
  hotspots: unknown;
  wardTable: unknown;
}

const real = (a: string) => a.split(D).join(SHARED_DATA);
const masked = (s: string) => s.split(SHARED_DATA).join(D);

/** Runs one case through the CLI and session.run; throws when the CLI fails. */
export async function computeGolden(c: GoldenCase): Promise<Golden> {
  const dir = mkdtempSync(join(tmpdir(), `golden-${c.name}-`));
  try {
    const out = { json: join(dir, 'out.json'), asc: join(dir, 'kde.asc'), hs: join(dir, 'hotspots.geojson') };
    const argv = [
      ...c.args.map(real),
      '--patrol-areas',
      '5',
      '--kde-asc',
      out.asc,
      '--hotspots',
      out.hs,
      '--json',
      out.json,
    ];
    const write = process.stderr.write;
    let stderr = '';
    process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
    let status: number;
    try {
      status = await main(argv);
    } finally {
      process.stderr.write = write;
    }
    if (status !== 0) throw new Error(`golden ${c.name}: CLI exit ${status}: ${stderr}`);
    const text = (p: string) => masked(readFileSync(p, 'utf8'));
    return {
      args: c.args,
      report: JSON.parse(text(out.json)),
      asc: text(out.asc),
      hotspots: JSON.parse(text(out.hs)),
      wardTable: JSON.parse(masked(JSON.stringify(wardTable(argv)))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page's ward table: session.run(params).wards for the CLI's parameters. */
function wardTable(argv: string[]): unknown {
  const o = parseArgs(argv);
  const session = new AnalysisSession();
  const files = (paths: string[]) =>
    paths.flatMap(listFiles).map((p) => ({ name: p, bytes: new Uint8Array(readFileSync(p)) }));
  session.addFiles(files(o.wards));
  const crimes = files(o.crimes).filter((f) => /\.(csv|json)$/i.test(f.name));
  const extra = files([...(o.population ? [o.population] : []), ...o.places, ...(o.actions ? [o.actions] : [])]);
  session.addFiles([...crimes, ...extra]);
  return session.run(paramsFrom(o)).wards;
}

function listFiles(p: string): string[] {
  // Same recursion as the CLI's expand(): folders are searched in sorted order.
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p)
    .sort()
    .filter((f) => !f.startsWith('.'))
    .flatMap((f) => listFiles(join(p, f)));
}

/** Where a case's golden lives: the demo's is committed, real data's are git-ignored. */
export function goldenPath(c: GoldenCase): string {
  return c.needs === null ? join('test', 'golden', `${c.name}.golden.json`) : join('.golden', `${c.name}.golden.json`);
}
