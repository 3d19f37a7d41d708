/**
 * Glue between the actions panel, the store and the worker:
 * - after each load, adopts the register read from the user's file, or else picks the
 *   bundled register that matches the loaded wards (model.ts chooseRegister) and sends it
 *   to the worker (session.setRegister) BEFORE the run, so there is one run per load;
 * - applies and stores the analyst's edits (localStorage, per plan id), sends the edited
 *   register to the worker and re-runs, so links, gaps and the exception view follow;
 * - exports the register (with edits) as JSON or CSV, written by the worker
 *   (src/io/registers.ts registerToJson / registerToCsv).
 */
import type { FeatureCollection } from 'geojson';
import type { ActionRegister } from '../../core/actionTypes.ts';
import type { WorkerClient } from '../workerClient.ts';
import { setUi, store } from '../state/store.ts';
import { chooseRegister, registerState, withEdit, type ActionEdit, type RegisterState } from './model.ts';
import type { ActionCallbacks } from './panel.ts';
import { bundledRegisters, loadEdits, saveEdits } from './store.ts';

export interface ActionsHost {
  /** Re-runs the analysis now (same parameters) and redraws. */
  rerun: () => Promise<void>;
  /** Redraws the panels only. */
  refresh: () => void;
  /** Saves a text file. */
  download: (name: string, text: string, type: string) => void;
  /** Runs a job with the page's busy/ready tracking and error reporting. */
  track: (job: () => Promise<void>) => Promise<void>;
}

export class ActionsController {
  readonly callbacks: ActionCallbacks;

  constructor(
    private readonly client: WorkerClient,
    private readonly host: ActionsHost,
  ) {
    this.callbacks = {
      edit: (id, patch) => void host.track(() => this.edit(id, patch)),
      exportRegister: (format) => void host.track(() => this.exportRegister(format)),
      discardEdits: () => void host.track(() => this.discard()),
      refresh: () => host.refresh(),
      setFilters: (f) => setUi({ actionFilters: f }),
    };
  }

  /**
   * Called after every load, before the run. `fromFile` is the register read from a file in
   * this load (the worker already holds it); otherwise a bundled register is matched when
   * none is in use or the one in use was itself chosen automatically.
   */
  async adopt(
    fromFile: ActionRegister | null | undefined,
    borough: string | null | undefined,
    wards: FeatureCollection | null,
    boroughs = 0,
  ): Promise<void> {
    if (fromFile) {
      const edits = loadEdits(fromFile);
      // Where the plan came from, as the register panel says it ("from …"): the demo's plan is
      // part of the synthetic demo, not a file of the user's.
      const rs = registerState(
        fromFile,
        edits,
        store.getState().demo ? "the synthetic demo's files" : 'your register file',
        false,
      );
      if (Object.keys(edits).length) await this.client.setRegister(rs.register, rs.source);
      store.setState({ register: rs });
      return;
    }
    const current = store.getState().register;
    if (current && !current.auto) return;
    if (!wards) return;
    const codes = wards.features.map((f) => String(f.properties?.code ?? ''));
    const hit = chooseRegister(await bundledRegisters(), borough, codes, [], boroughs);
    if (!hit) {
      if (current) {
        await this.client.setRegister(null, '');
        store.setState({ register: null });
      }
      return;
    }
    if (current && current.base.plan.id === hit.candidate.register.plan.id) return;
    const base = hit.candidate.register;
    const rs = registerState(base, loadEdits(base), `bundled: ${hit.candidate.file}`, true, hit.reason);
    await this.client.setRegister(rs.register, rs.source);
    store.setState({ register: rs });
  }

  private async apply(rs: RegisterState): Promise<void> {
    saveEdits(rs.base.plan.id, rs.edits);
    store.setState({ register: rs });
    this.host.refresh();
    await this.client.setRegister(rs.register, rs.source);
    await this.host.rerun();
  }

  private async edit(id: string, patch: ActionEdit): Promise<void> {
    const rs = store.getState().register;
    if (!rs) return;
    await this.apply(registerState(rs.base, withEdit(rs.base, rs.edits, id, patch), rs.source, rs.auto, rs.reason));
  }

  private async discard(): Promise<void> {
    const rs = store.getState().register;
    if (!rs) return;
    await this.apply(registerState(rs.base, {}, rs.source, rs.auto, rs.reason));
  }

  private async exportRegister(format: 'json' | 'csv'): Promise<void> {
    const rs = store.getState().register;
    if (!rs) return;
    const text = await this.client.exportRegister(format);
    if (!text) return;
    this.host.download(
      `${rs.base.plan.id}-actions.${format}`,
      text,
      format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json',
    );
  }
}
