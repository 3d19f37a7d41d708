/**
 * The cube panel (README "Opening a cube"): shown while a dropped cube is loaded, above the
 * controls. It says what the cube waits for (the ward boundary file, or a choice of area), lets
 * the user choose the area (the local authorities of the loaded wards, or all of them), and says
 * where the figures come from and what a cube cannot give. Text from files only as text.
 */
import { h } from '../dom.ts';
import type { CubeState } from '../../worker/protocol.ts';
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import { formatMonth } from '../../core/months.ts';

const fmt = new Intl.NumberFormat('en-GB');

export class CubePanel {
  private readonly el: HTMLElement;

  constructor(
    host: HTMLElement,
    private readonly onArea: (area: string, latest: number) => void,
  ) {
    this.el = h('section', { class: 'cube-panel', 'data-testid': 'cube-panel', 'aria-label': 'Cube' });
    this.el.hidden = true;
    host.prepend(this.el);
  }

  private state: CubeState | null = null;

  /**
   * While the cube waits (for its boundary file or a choice of area) the session has no crime, and
   * its diagnosis would ask for crime files: it is told what the cube waits for instead.
   */
  explain(result: AnalysisResult): void {
    const waiting = this.state?.waiting;
    if (!waiting || !result.diagnosis) return;
    const next = this.state?.choices.length
      ? 'Choose the area in the Cube box (above the filters) and press Open.'
      : 'Drop the ward boundary file (GeoJSON, TopoJSON or zipped shapefile) onto the page.';
    result.diagnosis = { ...result.diagnosis, title: waiting, details: [], next };
  }

  show(state: CubeState | null): void {
    this.state = state;
    this.el.hidden = !state;
    if (!state) {
      this.el.replaceChildren();
      return;
    }
    const parts: HTMLElement[] = [h('h2', {}, 'Cube')];
    if (state.waiting) parts.push(h('p', { 'data-testid': 'cube-waiting', role: 'status' }, state.waiting));
    if (state.warning)
      parts.push(h('p', { class: 'cube-warning', 'data-testid': 'cube-warning', role: 'alert' }, state.warning));
    if (state.choices.length) parts.push(this.chooser(state));
    const s = state.summary;
    if (s) {
      const read = s.monthsRead ? `${formatMonth(s.monthsRead[0])} to ${formatMonth(s.monthsRead[1])}` : 'no month';
      parts.push(
        h(
          'p',
          { 'data-testid': 'cube-summary' },
          `${fmt.format(s.partitionsRead)} of ${fmt.format(s.partitionsInCube)} partitions read (file months ${read}; forces: ${s.forcesRead.join(', ') || 'none'}).`,
        ),
      );
      if (s.manifestTotals)
        parts.push(
          h(
            'p',
            {},
            `The whole cube: ${fmt.format(s.manifestTotals.rowsRead)} rows read when it was made, ${fmt.format(s.manifestTotals.used)} inside its wards.`,
          ),
        );
      if (s.boundaryFiles.length)
        parts.push(
          h(
            'p',
            {},
            `Made with ${s.boundaryFiles.join(', ')}${s.boundaryVintage ? ` (${s.boundaryVintage} wards)` : ''}.`,
          ),
        );
      parts.push(
        h(
          'details',
          { 'data-testid': 'cube-limits' },
          h('summary', {}, 'What a cube cannot give'),
          h(
            'ul',
            {},
            ...s.limits.map((l) => h('li', {}, l)),
            h(
              'li',
              {},
              'Crime points are not drawn (there are none), and the street names of hotspot areas are not known.',
            ),
          ),
        ),
      );
    }
    this.el.replaceChildren(...parts);
  }

  private chooser(state: CubeState): HTMLElement {
    const select = h('select', { id: 'cube-area', 'data-testid': 'cube-area' });
    if (!state.area) select.append(h('option', { value: '', disabled: true, selected: true }, 'Choose an area…'));
    for (const c of state.choices)
      select.append(h('option', { value: c.value, selected: c.value === state.area }, c.label));
    // File months read: the latest 12, 24 (the default: a year and its comparison), 36 or all.
    const months = h('select', { id: 'cube-months', 'data-testid': 'cube-months' });
    for (const [v, label] of [
      [12, 'latest 12'],
      [24, 'latest 24'],
      [36, 'latest 36'],
      [0, 'all'],
    ] as const)
      months.append(h('option', { value: v, selected: v === state.latest }, label));
    const open = h('button', { type: 'button', 'data-testid': 'cube-open' }, 'Open');
    open.addEventListener('click', () => {
      if (select.value) this.onArea(select.value, Number(months.value));
    });
    return h(
      'div',
      { class: 'cube-area' },
      h('label', { for: 'cube-area' }, 'Area of the cube'),
      ' ',
      select,
      ' ',
      h('label', { for: 'cube-months' }, 'Months'),
      ' ',
      months,
      ' ',
      open,
    );
  }
}
