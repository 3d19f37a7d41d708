/**
 * Why a load gives no analysis, in words a user can act on: shown in the page's headline area
 * instead of a headline (and by the CLI as its error), naming the files and the next step.
 *
 * Cases, in the order they are checked (the first that applies is the answer):
 * - 'nothing': no ward boundaries and no crime row read (every file unreadable, or none given);
 * - 'no-boundaries': crimes read, but no ward boundaries loaded;
 * - 'no-crimes': ward boundaries loaded, but no crime row used (no crime file, a police.uk file
 *   of another kind, a CSV whose columns were not recognised, or every row rejected);
 * - 'all-outside': boundaries and crimes loaded, but no crime lies inside any ward (crimes and
 *   boundaries of different areas): says where each of them is.
 * When at least one crime lies inside the wards there is an analysis and `diagnose` returns null;
 * files that were not loaded are then listed beside the headline (`notLoaded`).
 */
import type { IngestMessage, RejectReason } from '../core/types.ts';
import { REJECT_LABELS } from '../core/types.ts';

export type DiagnosisKind = 'nothing' | 'no-boundaries' | 'no-crimes' | 'all-outside';

export interface Diagnosis {
  kind: DiagnosisKind;
  /** One sentence: what happened. */
  title: string;
  /** What went wrong, file by file (at most MAX_FILES named). */
  details: string[];
  /** What to do next. */
  next: string;
  /** Files whose columns need mapping before they can be loaded (the page shows a form). */
  needsMapping: IngestMessage[];
}

export interface DiagnosisInput {
  /** Crime files loaded (names). */
  crimeFiles: readonly string[];
  rowsRead: number;
  /** Rows used before ward assignment (rows with a valid point, month and type). */
  rowsValid: number;
  /** Rows outside every ward. */
  outside: number;
  /** Rejections by reason, outside-wards excluded. */
  rejected: Partial<Record<RejectReason, number>>;
  wards: { file: string; count: number } | null;
  /** One error message per file that was not loaded at all (notLoaded). */
  failed: readonly IngestMessage[];
  /** Mean lon/lat of the crimes and centre of the wards, for 'all-outside'. */
  crimesAt?: [number, number] | null;
  wardsAt?: [number, number] | null;
}

export const MAX_FILES = 5;

export const WHERE_CRIMES =
  'police.uk street-level crime files (…-street.csv: data.police.uk/data, choose the force and months and tick "Include crime data"), or police.uk API JSON';
export const WHERE_WARDS =
  'the ward boundaries of the area (GeoJSON, TopoJSON or a zipped shapefile, in WGS84 or British National Grid: the ONS Open Geography Portal\'s "Wards … Boundaries UK BGC", or your council\'s GIS team)';

const fmt = new Intl.NumberFormat('en-GB');

/**
 * Files that were not loaded at all, one error message each: the errors about files that are
 * not among `loaded` (an action register with a bad row is loaded, with errors about its rows).
 */
export function notLoaded(messages: readonly IngestMessage[], loaded: ReadonlySet<string>): IngestMessage[] {
  const seen = new Set<string>();
  const out: IngestMessage[] = [];
  for (const m of messages) {
    if (m.level !== 'error' || loaded.has(m.file) || seen.has(m.file)) continue;
    seen.add(m.file);
    out.push(m);
  }
  return out;
}

function fileLines(msgs: readonly IngestMessage[]): string[] {
  const lines = msgs.slice(0, MAX_FILES).map((m) => `${m.file}: ${m.message}`);
  if (msgs.length > MAX_FILES)
    lines.push(`… and ${fmt.format(msgs.length - MAX_FILES)} more files not loaded (see Data quality).`);
  return lines;
}

function rejectedLine(r: Partial<Record<RejectReason, number>>): string {
  const parts = (Object.entries(r) as [RejectReason, number][])
    .filter(([k, n]) => n > 0 && k !== 'outside-wards')
    .sort((a, b) => b[1] - a[1]);
  return parts.map(([k, n]) => `${REJECT_LABELS[k]}: ${fmt.format(n)}`).join('; ');
}

function latLon(p: [number, number]): string {
  const [lon, lat] = p;
  return `${Math.abs(lat).toFixed(2)}°${lat >= 0 ? 'N' : 'S'} ${Math.abs(lon).toFixed(2)}°${lon >= 0 ? 'E' : 'W'}`;
}

function filesPhrase(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${fmt.format(names.length)} files`;
}

/** Why there is no analysis, or null when there is one (at least one crime inside the wards). */
export function diagnose(d: DiagnosisInput): Diagnosis | null {
  const failed = d.failed;
  const needsMapping = failed.filter((m) => m.code === 'needs-mapping');
  const otherKind = failed.filter((m) => m.code === 'not-street-level');
  const inside = d.rowsValid - d.outside;
  if (d.wards && inside > 0) return null;
  const details = fileLines(failed);
  if (!d.wards && d.rowsValid === 0) {
    return {
      kind: 'nothing',
      title: failed.length
        ? `Nothing could be analysed: ${failed.length === 1 ? 'the file was' : `${fmt.format(failed.length)} files were`} not loaded.`
        : 'Nothing is loaded yet.',
      details,
      next: `Drop ${WHERE_CRIMES}, together with ${WHERE_WARDS}.`,
      needsMapping,
    };
  }
  if (!d.wards) {
    return {
      kind: 'no-boundaries',
      title: `${fmt.format(d.rowsValid)} crime${d.rowsValid === 1 ? ' was' : 's were'} read from ${filesPhrase(d.crimeFiles)}, but no ward boundaries are loaded, so nothing can be counted by ward.`,
      details,
      next: `Add ${WHERE_WARDS}. The crimes already read stay loaded.`,
      needsMapping,
    };
  }
  const wardsText = `the ${fmt.format(d.wards.count)} ward${d.wards.count === 1 ? '' : 's'} of ${d.wards.file}`;
  if (d.rowsValid === 0) {
    let title: string;
    let next: string;
    if (d.rowsRead > 0) {
      title = `None of the ${fmt.format(d.rowsRead)} rows of ${filesPhrase(d.crimeFiles)} could be used: ${rejectedLine(d.rejected)}.`;
      next = `Check that the files are police.uk street-level crime files with coordinates; the boundaries (${wardsText}) stay loaded.`;
    } else if (needsMapping.length) {
      title = `Ward boundaries are loaded (${wardsText}), but the columns of ${filesPhrase(needsMapping.map((m) => m.file))} were not recognised.`;
      next = 'Say below which columns hold the coordinates and the date, then load it again.';
    } else if (otherKind.length) {
      title = `Ward boundaries are loaded (${wardsText}), but ${filesPhrase(otherKind.map((m) => m.file))} ${otherKind.length === 1 ? 'is not a street-level crime file' : 'are not street-level crime files'}.`;
      next = `Load the …-street.csv files of the same police.uk download (${WHERE_CRIMES}).`;
    } else {
      title = `Ward boundaries are loaded (${wardsText}), but no crime file${failed.length ? ' could be read' : ' is loaded'}.`;
      next = `Add ${WHERE_CRIMES} for this area.`;
    }
    return { kind: 'no-crimes', title, details, next, needsMapping };
  }
  const where =
    d.crimesAt && d.wardsAt
      ? ` The crimes lie around ${latLon(d.crimesAt)}, the wards around ${latLon(d.wardsAt)}.`
      : '';
  return {
    kind: 'all-outside',
    title: `None of the ${fmt.format(d.rowsValid)} crimes read from ${filesPhrase(d.crimeFiles)} lies inside ${wardsText}: the crimes and the boundaries cover different areas.${where}`,
    details,
    next: 'Load the boundaries of the area the crimes are from, or the crimes of the force that covers these wards.',
    needsMapping,
  };
}
