/**
 * The non-analyst views, drawn over the analyst layout (which stays mounted, hidden, so its map keeps
 * its size): the tasking view (?view=tasking) and the ward panel (#/ward/<code>). Everything they show
 * comes from the URL-backed UI state and the one analysis result, so a link reproduces the picture.
 */
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import { periodLabel } from '../../analysis/headline.ts';
import { legendSpecs, patrolLegend, renderLegend } from '../map/legend.ts';
import { basemapChoice } from '../map/basemapChoice.ts';
import type { AppState, UiState } from '../state/store.ts';
import { download, exportBaseName } from '../export/exports.ts';
import { h } from '../dom.ts';
import './views.css';
import '../print.css';
import { ViewMap } from './viewMap.ts';
import { printPage, registerPrintMap } from './printMap.ts';
import { borough, renderTasking, taskingModel, type TaskingModel } from './tasking.ts';
import { renderWardPanel, wardOf } from './wardPanel.ts';
import { patrolCsv, patrolGeojson } from './taskingExport.ts';
import { ViewFocus } from '../a11y/viewFocus.ts';

export interface ViewDeps {
  setUi: (p: Partial<UiState>) => void;
}

export function isViewMode(ui: UiState): boolean {
  return ui.view === 'tasking' || ui.view === 'ward';
}

export class Views {
  private readonly top = h('div', { class: 'view-top' });
  private readonly side = h('div', { class: 'view-side' });
  private readonly mapDiv = h('div', { class: 'view-map', 'data-testid': 'view-map' });
  private readonly legend = h('div', { class: 'legend view-legend', 'data-testid': 'view-legend' });
  private readonly img = h('img', { class: 'print-map', alt: 'Map' });
  private readonly footer = h('p', { class: 'print-footer' });
  private map: ViewMap | null = null;
  private model: TaskingModel | null = null;
  private state: AppState | null = null;
  private readonly focus = new ViewFocus();

  constructor(
    private readonly root: HTMLElement,
    private readonly deps: ViewDeps,
  ) {
    root.replaceChildren(
      this.top,
      h(
        'div',
        { class: 'view-grid' },
        this.side,
        h('div', { class: 'view-mapcol' }, this.mapDiv, this.legend, this.img),
      ),
      this.footer,
    );
    // Printed: the wards the view is about (all, or the ward panel's ward), fitted to the print box.
    registerPrintMap(
      this.img,
      () => this.map?.view.map ?? null,
      () => !this.root.hidden && !!this.state && isViewMode(this.state.ui),
      () => this.map?.view.fitted ?? null,
    );
  }

  async render(s: AppState): Promise<void> {
    this.state = s;
    const on = isViewMode(s.ui);
    this.root.hidden = !on;
    document.body.classList.toggle('view-tasking', s.ui.view === 'tasking');
    document.body.classList.toggle('view-ward', s.ui.view === 'ward');
    if (!on) return this.focus.update(s.ui.view, null);
    const focusId = (document.activeElement as HTMLElement | null)?.id;
    this.img.removeAttribute('src');
    this.renderTop(s);
    const r = s.result;
    if (!r) {
      this.side.replaceChildren(
        h(
          'p',
          { class: 'muted' },
          s.status === 'empty'
            ? 'Load the same crime files and ward boundaries (and plan) to see this view.'
            : 'Working…',
        ),
      );
    } else if (s.ui.view === 'tasking') {
      this.model = taskingModel(s);
      if (this.model) renderTasking(this.side, s, this.model, this.deps.setUi);
    } else renderWardPanel(this.side, s, this.deps.setUi);
    if (focusId) document.getElementById(focusId)?.focus();
    this.focus.update(s.ui.view, this.top.querySelector('h1'));
    this.map ??= new ViewMap(this.mapDiv);
    // Public mode draws no density surface (it would place small counts; README "Public mode").
    const densityOk = s.ui.density && !!r?.kde && !(s.ui.view === 'ward' && s.ui.publicMode);
    const patrolK = s.ui.view === 'tasking' ? (this.model?.patrol.geojson.features.length ?? 0) : 0;
    renderLegend(this.legend, [
      ...legendSpecs({ ...s.ui, metric: 'none', density: densityOk }, r, [], {
        basemap: basemapChoice(s)?.attribution,
      }),
      ...(patrolK ? [patrolLegend(patrolK)] : []),
    ]);
    await this.map.draw(s, {
      density: densityOk,
      focusWard: s.ui.view === 'ward' ? s.ui.ward : null,
      patrol: s.ui.view === 'tasking' ? (this.model?.patrol.geojson ?? null) : null,
    });
  }

  private title(s: AppState): string {
    const r = s.result;
    const when = r?.months.window ? periodLabel(r.months.window[0], r.months.window[1]) : '';
    if (s.ui.view === 'tasking') return `Tasking briefing: ${r ? `${r.filterLabel} ${when}, ${borough(r)}` : ''}`;
    const w = wardOf(s);
    return `${w ? w.name : `Ward ${s.ui.ward ?? ''}`}${r ? `, ${borough(r)}` : ''}: ward panel ${when}`;
  }

  private renderTop(s: AppState): void {
    const set = this.deps.setUi;
    const nav = h('nav', { class: 'view-nav no-print', 'aria-label': 'Views' });
    const btn = (label: string, testid: string, on: () => void, disabled = false) => {
      const b = h('button', { type: 'button', 'data-testid': testid, disabled }, label);
      b.addEventListener('click', on);
      nav.append(b);
    };
    btn('← Analyst view', 'to-analyst', () => set({ view: 'analyst' }));
    if (s.ui.view === 'ward')
      btn('Tasking view', 'to-tasking', () => set({ view: 'tasking', recent: s.ui.recent ?? 3 }));
    if (s.ui.view === 'tasking') {
      btn('Export GeoJSON', 'tasking-geojson', () => this.exportGeojson(), !this.state?.result);
      btn('Export CSV', 'tasking-csv', () => this.exportCsv(), !this.state?.result);
    }
    btn(
      s.ui.view === 'tasking' ? 'Print briefing' : 'Print ward panel',
      'view-print',
      () => void this.print(),
      !s.result,
    );
    this.top.replaceChildren(
      h('h1', { id: 'view-title', tabindex: -1, 'data-testid': 'view-title' }, this.title(s)),
      nav,
    );
  }

  private slug(r: AnalysisResult, what: string): string {
    return `${exportBaseName(r)}-${what}`;
  }

  private exportGeojson(): void {
    const r = this.state?.result;
    if (r && this.model)
      download(
        `${this.slug(r, 'patrol-areas')}.geojson`,
        patrolGeojson(r, this.model.patrol.geojson, this.model.rows),
        'application/geo+json',
      );
  }

  private exportCsv(): void {
    const r = this.state?.result;
    if (r && this.model)
      download(
        `${this.slug(r, 'patrol-areas')}.csv`,
        patrolCsv(r, this.model.patrol.rows, this.model.rows),
        'text/csv;charset=utf-8',
      );
  }

  /** Waits for the map to settle, then prints through the same path as Ctrl+P (printMap.ts). */
  async print(): Promise<void> {
    const s = this.state;
    if (!s?.result || !this.map) return;
    await this.map.view.idle();
    printPage();
  }
}
