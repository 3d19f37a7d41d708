/**
 * Promise-based client for the analysis worker. One request at a time per id;
 * `run` calls are superseded: when a newer run is issued, the older promise
 * resolves with null so stale results are never drawn.
 */
import { unpackPolygons } from '../worker/packedGeometry.ts';
import type { AnalysisParams, AnalysisResult } from '../analysis/sessionTypes.ts';
import type { ActionRegister } from '../core/actionTypes.ts';
import type { FeatureCollection } from 'geojson';
import type {
  CubeState,
  InputFile,
  LoadProgress,
  PickedInputFile,
  PointsPayload,
  WorkerRequest,
  WorkerResponse,
} from '../worker/protocol.ts';

type Final = Exclude<WorkerResponse, { type: 'progress' | 'surface' }>;
export type SurfaceMessage = Extract<WorkerResponse, { type: 'surface' }>;
/** What a load answers: the worker's 'loaded' reply (protocol.ts), without its id and type. */
export type Loaded = Omit<Extract<WorkerResponse, { type: 'loaded' }>, 'id' | 'type'>;
interface Pending {
  resolve: (r: Final) => void;
  reject: (e: Error) => void;
  onProgress?: (p: LoadProgress) => void;
  onSurface?: (s: SurfaceMessage) => void;
}

// Distributive Omit so each request variant keeps its own fields.
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export class WorkerClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private latestRun = 0;
  /** Milliseconds the last accepted run spent in the worker's session.run (excludes messaging and drawing). */
  lastRunMs: number | null = null;

  constructor() {
    this.worker = new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const msg = ev.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') {
        p.onProgress?.(msg.progress);
        return;
      }
      if (msg.type === 'surface') {
        p.onSurface?.(msg);
        return;
      }
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new Error(msg.message));
      else p.resolve(msg);
    };
    this.worker.onerror = (ev) => {
      const err = new Error(`analysis worker failed: ${ev.message}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  private request(
    body: RequestBody,
    transfer: Transferable[] = [],
    onProgress?: (p: LoadProgress) => void,
    onSurface?: (s: SurfaceMessage) => void,
  ): Promise<Final> {
    const id = this.nextId++;
    return new Promise<Final>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, onSurface });
      this.worker.postMessage({ ...body, id } as WorkerRequest, transfer);
    });
  }

  /** Sends the files' bytes (transferred: the ArrayBuffers are detached afterwards). */
  async load(files: InputFile[], onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    const r = await this.request(
      { type: 'load', files },
      files.map((f) => f.bytes),
      onProgress,
    );
    if (r.type !== 'loaded') throw new Error(`unexpected reply ${r.type}`);
    return { messages: r.messages, wards: r.wards, register: r.register, borough: r.borough, boroughs: r.boroughs };
  }

  /** Replaces the worker session's action register (links are recomputed on the next run). */
  async setRegister(register: ActionRegister | null, source: string): Promise<void> {
    await this.request({ type: 'set-register', register, source });
  }

  /** The worker session's register written as JSON or CSV ('' when none). */
  async exportRegister(format: 'json' | 'csv'): Promise<string> {
    const r = await this.request({ type: 'register-export', format });
    if (r.type !== 'text') throw new Error(`unexpected reply ${r.type}`);
    return r.text;
  }

  /** Sends File objects (cloned handles, no bytes read here): the worker streams crime CSVs from disk. */
  async loadFiles(files: PickedInputFile[], onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    const r = await this.request({ type: 'load-files', files }, [], onProgress);
    if (r.type !== 'loaded') throw new Error(`unexpected reply ${r.type}`);
    return {
      messages: r.messages,
      wards: r.wards,
      register: r.register,
      borough: r.borough,
      boroughs: r.boroughs,
      cube: r.cube,
    };
  }

  /** Opens an area of the dropped cube (worker/cubeLoad.ts). */
  async cubeArea(area: string, latest?: number): Promise<{ wards: FeatureCollection | null; cube: CubeState | null }> {
    const r = await this.request({ type: 'cube-area', area, latest });
    if (r.type !== 'loaded') throw new Error(`unexpected reply ${r.type}`);
    return { wards: r.wards, cube: r.cube ?? null };
  }

  async clear(): Promise<void> {
    await this.request({ type: 'clear' });
  }

  /**
   * Resolves with null when a newer run was issued before this one finished. `onSurface` gets
   * the density surface as soon as the worker has it, before the result (not for a superseded run).
   */
  async run(params: AnalysisParams, onSurface?: (s: SurfaceMessage) => void): Promise<AnalysisResult | null> {
    const id = this.nextId;
    this.latestRun = id;
    const r = await this.request({ type: 'run', params }, [], undefined, (s) => {
      if (id === this.latestRun) onSurface?.(s);
    });
    if (r.type !== 'result') throw new Error(`unexpected reply ${r.type}`);
    if (id !== this.latestRun) return null;
    this.lastRunMs = r.ms ?? null;
    if (r.hotspotRings) unpackPolygons(r.result.hotspotGeojson, r.hotspotRings);
    return r.result;
  }

  async points(params: AnalysisParams): Promise<PointsPayload> {
    const r = await this.request({ type: 'points', params });
    if (r.type !== 'points') throw new Error(`unexpected reply ${r.type}`);
    return r.points;
  }

  async asciiGrid(params: AnalysisParams): Promise<string> {
    const r = await this.request({ type: 'ascii-grid', params });
    if (r.type !== 'text') throw new Error(`unexpected reply ${r.type}`);
    return r.text;
  }
}
