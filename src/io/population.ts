/**
 * Ward population from a CSV of `code,population` (other headers tolerated: Code,
 * ward_code, GSS_CODE, WDyyCD …; Population, pop, persons, all_ages …). When a Year column
 * is present, one year is used: options.year if given, else the latest year not after the
 * current year (later years in GLA files are projections). The year used is reported.
 *
 * The analysis session re-reads a table with a Year column for each analysis window: rates use
 * the year in which the window ends, or the latest year before it (the table's first year when
 * the window is earlier). So the message given when a table with several years is loaded does
 * not name a year: it says which years the table has and how the year is chosen; the year
 * actually used belongs in the result's provenance (populationYearNote).
 */
import { readCsvRows } from './csvRecords.ts';

export interface PopulationOptions {
  year?: number;
  /** "Today", for choosing the latest year ≤ the current year (default: now). */
  now?: Date;
}

export interface PopulationReport {
  population: Map<string, number>;
  /** Year used, or null when the file has no year column. */
  year: number | null;
  /** The years of the Year column (null when the file has none). */
  years: PopulationYears | null;
  codeColumn: string;
  populationColumn: string;
  warnings: string[];
}

/** The years a population table holds. */
export interface PopulationYears {
  min: number;
  max: number;
  count: number;
}

/**
 * What the rates' population is, for the provenance: e.g. "population: 2018 figures (the table
 * has 40 years, 2011–2050) from london_ward_pop.csv" or, for a table of one year,
 * "population: 2018 figures from pop.csv". `year` is the year used (PopulationReport.year after
 * the session chose it for the window), `years` the table's years (PopulationReport.years).
 * Says "figures", not "mid-year estimates": tables such as the GLA's mix estimates and
 * projections, and the file does not say which a year is.
 */
export function populationYearNote(year: number, years: PopulationYears, file?: string): string {
  const range =
    years.count <= 1 || years.min === years.max
      ? ''
      : ` (the table has ${years.count} years, ${years.min}–${years.max})`;
  return `population: ${year} figures${range}${file ? ` from ${file}` : ''}`;
}

function pick(header: string[], rules: RegExp[]): number {
  for (const re of rules) {
    const i = header.findIndex((h) => re.test(h.trim()));
    if (i >= 0) return i;
  }
  return -1;
}

export function readPopulationWithReport(text: string, options: PopulationOptions = {}): PopulationReport {
  // The same CSV reader as the crime files (csvRecords.ts); lines it cannot read are warned about.
  const table = readCsvRows(text);
  const rows = table.rows.map((r) => r.fields);
  if (!rows.length) throw new Error('population file is empty');
  const header = rows[0];
  const ci = pick(header, [
    /^(ward_?)?code$/i,
    /^gss_?code$/i,
    /^wd\d{2}cd$/i,
    /^lau2?\d{2}cd$/i,
    /^(area|geography)[ _]?code$/i,
    /code/i,
  ]);
  const pi = pick(header, [
    /^population$/i,
    /^pop(ulation)?[ _]?\d{4}$/i,
    /^(pop|persons|all[ _]?ages|persons[ _-]?all[ _-]?ages|usual residents)$/i,
    /pop/i,
  ]);
  const yi = pick(header, [/^(year|yr|date|period)$/i]);
  const listing = `columns: ${header.join(', ')}`;
  if (ci < 0) throw new Error(`population file: no ward code column (${listing})`);
  if (pi < 0) throw new Error(`population file: no population column (${listing})`);
  const warnings: string[] = [];
  let year: number | null = null;
  let yearsOf: PopulationYears | null = null;
  if (yi >= 0) {
    const years = new Set<number>();
    for (let r = 1; r < rows.length; r++) {
      const y = parseInt(rows[r][yi], 10);
      if (Number.isFinite(y)) years.add(y);
    }
    if (!years.size) throw new Error(`population file: no year in the ${header[yi]} column`);
    const sorted = [...years].sort((a, b) => a - b);
    yearsOf = { min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
    if (options.year !== undefined) {
      if (!years.has(options.year))
        throw new Error(`population file has no rows for ${options.year} (years ${sorted.join(', ')})`);
      year = options.year;
    } else {
      const current = (options.now ?? new Date()).getFullYear();
      const past = sorted.filter((y) => y <= current);
      year = past.length ? past[past.length - 1] : sorted[0];
      // Not "population for <year> used": the session re-reads the table for each window.
      if (yearsOf.count > 1)
        warnings.push(
          `population table has ${yearsOf.count} years (${yearsOf.min}–${yearsOf.max}): rates use the year in which the analysis window ends, or the latest year before it (${yearsOf.min} for windows ending earlier)`,
        );
    }
  }
  const population = new Map<string, number>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (yi >= 0 && parseInt(row[yi], 10) !== year) continue;
    const code = (row[ci] ?? '').trim();
    const v = Number((row[pi] ?? '').replace(/[,\s]/g, ''));
    if (!code) continue;
    if (!Number.isFinite(v) || (row[pi] ?? '').trim() === '') {
      warnings.push(`line ${table.rows[r].line}: population "${row[pi] ?? ''}" for ${code} is not a number; skipped`);
      continue;
    }
    if (population.has(code)) {
      warnings.push(`line ${table.rows[r].line}: ${code} appears again; first value kept`);
      continue;
    }
    population.set(code, v);
  }
  if (table.unreadable.length)
    warnings.push(
      `${table.unreadable.length} unreadable line(s) skipped (an unterminated quote or an overlong line), first line ${table.unreadable[0]}`,
    );
  return { population, year, years: yearsOf, codeColumn: header[ci], populationColumn: header[pi], warnings };
}

/** Population per ward code (see readPopulationWithReport for which year is used). */
export function readPopulation(text: string, options: PopulationOptions = {}): Map<string, number> {
  return readPopulationWithReport(text, options).population;
}
