/**
 * The local authorities the wards belong to, from each source's authority column, and the
 * area the merged wards cover (WardSet.meta.borough / boroughs / authorities).
 */

/**
 * Authority columns, in order of preference (case-insensitive): BOROUGH, DISTRICT, LADnnNM
 * (LAD22NM, lad16nm), LAD_NAME, LA_NAME, LANAME, LOCAL_AUTHORITY / LocalAuthority, and last
 * AREA. The first of these present with at least one value names the wards' authority.
 */
const AUTHORITY_FIELDS: RegExp[] = [
  /^borough$/i,
  /^district$/i,
  /^lad\d{2}nm$/i,
  /^lad_name$/i,
  /^la_name$/i,
  /^laname$/i,
  /^local_?authority$/i,
  /^area$/i,
];

/** An authority value as a name: trimmed text; null when missing or blank. */
export function authorityOf(props: Record<string, unknown>, field: string | null): string | null {
  if (field === null) return null;
  const v = props[field];
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s ? s : null;
}

/** The authority column of one source's features (see AUTHORITY_FIELDS), or null. */
export function authorityField(features: { props: Record<string, unknown> }[], keys: string[]): string | null {
  for (const re of AUTHORITY_FIELDS) {
    const k = keys.find((q) => re.test(q));
    if (k && features.some((f) => authorityOf(f.props, k) !== null)) return k;
  }
  return null;
}

/** The 33 London local authorities (32 boroughs and the City), names normalised by londonKey. */
const LONDON = new Set([
  'barking and dagenham',
  'barnet',
  'bexley',
  'brent',
  'bromley',
  'camden',
  'city of london',
  'croydon',
  'ealing',
  'enfield',
  'greenwich',
  'hackney',
  'hammersmith and fulham',
  'haringey',
  'harrow',
  'havering',
  'hillingdon',
  'hounslow',
  'islington',
  'kensington and chelsea',
  'kingston upon thames',
  'lambeth',
  'lewisham',
  'merton',
  'newham',
  'redbridge',
  'richmond upon thames',
  'southwark',
  'sutton',
  'tower hamlets',
  'waltham forest',
  'wandsworth',
  'westminster',
]);

/** "City and County of the City of London" → "city of london", "Royal Borough of Greenwich" → "greenwich". */
export function londonKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(london|royal)\s+borough\s+of\b|\bcity\s+and\s+county\s+of\s+the\b/g, ' ')
    .replace(/\bcity of westminster\b/, 'westminster')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

export interface AreaSummary {
  borough: string | null;
  boroughs: number;
  authorities: { name: string; wards: number }[];
}

/**
 * The area the wards cover, from each ward's authority (null: none named): the authority's
 * name when one holds at least 90% of the wards that name one (a few wards of a neighbour may
 * come along); "London" when they spread over 30 or more of London's 33 local authorities and
 * every name is London's; otherwise null (the sentences then say "the area's"). `boroughs`
 * counts the distinct names (0: none named), so that a plan for one borough is not matched to
 * wards that span many. `authorities`: each name with its ward count, most wards first, ties
 * by name (code-unit order, so the same everywhere). Names are compared as given (trimmed):
 * "Hammersmith & Fulham" in one file and "Hammersmith and Fulham" in another are two entries.
 */
export function areaOf(authority: (string | null)[]): AreaSummary {
  const counts = new Map<string, number>();
  let named = 0;
  for (const a of authority) {
    if (a === null) continue;
    counts.set(a, (counts.get(a) ?? 0) + 1);
    named++;
  }
  const authorities = [...counts].map(([name, wards]) => ({ name, wards }));
  authorities.sort((p, q) => q.wards - p.wards || (p.name < q.name ? -1 : p.name > q.name ? 1 : 0));
  if (!named) return { borough: null, boroughs: 0, authorities };
  let best: string | null = null;
  let bc = 0;
  for (const [v, c] of counts) if (c > bc) [best, bc] = [v, c]; // first in ward order wins a tie
  if (bc >= 0.9 * named) return { borough: best, boroughs: counts.size, authorities };
  // Keys, not names: "City of London" in one file and "City and County of the City of London"
  // in another are one of London's authorities, not two.
  const keys = [...counts.keys()].map(londonKey);
  const london = keys.every((k) => LONDON.has(k)) ? new Set(keys).size : 0;
  return { borough: london >= 30 ? 'London' : null, boroughs: counts.size, authorities };
}
