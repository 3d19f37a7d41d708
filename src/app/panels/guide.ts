/**
 * What the page says where the eye is (the top of the results column):
 * - the guide: on first visit, what the demo is and how to start with one's own files; after
 *   Clear, the same with a drop zone;
 * - the diagnosis: why a load gives no analysis (src/analysis/diagnosis.ts), naming the files
 *   and the next step, instead of a headline;
 * - the files that were not loaded, beside a headline;
 * - the column-mapping form for a CSV whose columns were not recognised (mappingForm.ts).
 * Text from files (names, headers) is only ever set as text.
 */
import type { Diagnosis } from '../../analysis/diagnosis.ts';
import type { IngestMessage } from '../../core/types.ts';
import type { ColumnMapping } from '../../io/genericCsv.ts';
import { h } from '../dom.ts';
import { mappingForm } from './mappingForm.ts';

export const CRIME_SOURCE =
  'police.uk street-level crime files (…-street.csv, from data.police.uk/data: choose your force and the months, tick "Include crime data", unzip the download)';
export const WARD_SOURCE =
  'your ward boundaries (GeoJSON, TopoJSON or a zipped shapefile, e.g. the ONS Open Geography Portal\'s "Wards … Boundaries UK BGC", one file or one per local authority)';

/** A CSV waiting for its column mapping: the file's name, header and the engine's partial guess. */
export interface PendingMapping {
  file: string;
  header: string[];
  suggestion: Record<string, string>;
}

/** On the demo: what it is and how to start; with nothing loaded: how to start, with a drop zone. */
export function guideCard(kind: 'demo' | 'empty'): HTMLElement {
  const start = h(
    'p',
    {},
    `To analyse your own area, drop ${CRIME_SOURCE} and ${WARD_SOURCE} anywhere on this page, or use `,
    h('strong', {}, 'Load files…'),
    ' or ',
    h('strong', {}, 'Load folder…'),
    '.',
  );
  if (kind === 'demo') {
    // Short on purpose: on a 1366×768 laptop the headline and the first ten ward rows must fit under
    // it without scrolling; which files, and where from, is one click away.
    return h(
      'section',
      { class: 'card guide', 'data-testid': 'guide', 'aria-labelledby': 'guide-title' },
      h('h2', { id: 'guide-title' }, 'You are looking at a made-up borough'),
      h(
        'p',
        {},
        'Hollowfield, its wards, crimes and plan are synthetic: none of it is real. Drop your own police.uk crime files and ward boundaries on this page (or ',
        h('strong', {}, 'Load files…'),
        '): they replace the demo and never leave this computer.',
      ),
      h('details', { class: 'guide-more' }, h('summary', {}, 'Which files, and where to get them'), start),
    );
  }
  return h(
    'section',
    { class: 'card guide dropzone-card', 'data-testid': 'guide', 'aria-labelledby': 'guide-title' },
    h('h2', { id: 'guide-title' }, 'Nothing is loaded'),
    start,
    h('p', { class: 'dropbox', 'aria-hidden': 'true' }, 'Drop files here'),
    h(
      'p',
      { class: 'muted' },
      'Or press Load demo to try the tool on a made-up borough. Nothing you load leaves this computer.',
    ),
  );
}

/** Why there is no analysis, in the headline's place, with a mapping form per CSV that needs one. */
export function diagnosisCard(
  d: Diagnosis,
  pending: readonly PendingMapping[],
  onMap: (file: string, mapping: ColumnMapping) => void,
): HTMLElement {
  const forms = pending.map((p) => mappingForm(p, (m) => onMap(p.file, m)));
  return h(
    'section',
    { class: 'card headline-card diagnosis', 'data-testid': 'diagnosis', 'data-kind': d.kind, role: 'alert' },
    h('p', { class: 'headline', 'data-testid': 'diagnosis-title' }, d.title),
    d.details.length
      ? h('ul', { class: 'diagnosis-files', 'data-testid': 'diagnosis-files' }, ...d.details.map((t) => h('li', {}, t)))
      : null,
    h('p', { 'data-testid': 'diagnosis-next' }, h('strong', {}, 'Next: '), d.next),
    ...forms,
  );
}

/**
 * Beside a headline: the files of this session that were not loaded (`failed`, one message each),
 * with a form for each CSV still awaiting its column mapping (`pending`).
 */
export function notLoadedCard(
  failed: readonly IngestMessage[],
  pending: readonly PendingMapping[],
  onMap: (file: string, mapping: ColumnMapping) => void,
): HTMLElement | null {
  if (!failed.length) return null;
  const shown = failed.slice(0, 5);
  return h(
    'section',
    { class: 'card notloaded', 'data-testid': 'not-loaded', 'aria-labelledby': 'notloaded-title' },
    h(
      'h2',
      { id: 'notloaded-title' },
      `${failed.length === 1 ? '1 file was' : `${failed.length} files were`} not loaded`,
    ),
    h(
      'ul',
      {},
      ...shown.map((m) => h('li', {}, `${m.file}: ${m.message}`)),
      failed.length > shown.length
        ? h('li', {}, `… and ${failed.length - shown.length} more (see Data quality).`)
        : null,
    ),
    ...pending.map((p) => mappingForm(p, (m) => onMap(p.file, m))),
  );
}
