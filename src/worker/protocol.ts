/**
 * Messages between the page (src/app/workerClient.ts) and the analysis worker
 * (src/worker/analysis.worker.ts). Every request carries an `id`; the worker
 * answers with zero or more `progress` messages and then exactly one final
 * message (`loaded`, `result`, `points`, `text`, `cleared` or `error`) with the same id.
 *
 * Big payloads cross as TRANSFERRED ArrayBuffers, never cloned:
 *  - page → worker: file bytes (`LoadRequest.files[i].bytes`);
 *  - worker → page: the density grid (`result.kde.values`), the hotspot areas' coordinates
 *    (packed flat, packedGeometry.ts) and the point columns.
 */
import type { AnalysisParams, AnalysisResult } from '../analysis/sessionTypes.ts';
import type { ActionRegister } from '../core/actionTypes.ts';
import type { IngestMessage } from '../core/types.ts';
import type { FeatureCollection } from 'geojson';
import type { PackedRings } from './packedGeometry.ts';
import type { ColumnMapping } from '../io/genericCsv.ts';
import type { CubeSummary } from '../engine/cubeInput.ts';
import type { CubeAreaChoice } from '../engine/cubeArea.ts';

/** A dropped cube (worker/cubeLoad.ts): the areas to choose from, the one open and what was read, or what it waits for. */
export interface CubeState {
  choices: CubeAreaChoice[];
  area: string | null;
  /** The latest file months read (0: all). */
  latest: number;
  summary: CubeSummary | null;
  /** Why no area is open yet (no boundaries, or a choice to make), or null. */
  waiting: string | null;
  /** An area opened with no crime in it (boundaries of another vintage than the cube's), or null. */
  warning: string | null;
}

export interface InputFile {
  /** File name or relative path ("2024-01/2024-01-hollowfield-street.csv"). */
  name: string;
  bytes: ArrayBuffer;
}

export interface PickedInputFile {
  /** File name or relative path. */
  name: string;
  file: File;
  /** The columns of a generic crime CSV, chosen by the user in the page's mapping form. */
  mapping?: ColumnMapping;
}

export interface LoadProgress {
  file: string;
  bytesRead: number;
  rowsRead: number;
  /** Sum of the sizes of all files in this load request. */
  bytesTotal: number;
}

export type WorkerRequest =
  | { id: number; type: 'load'; files: InputFile[] }
  /** Picked files as File objects (structured-cloned, cheap): crime CSVs stream, the rest is read whole. */
  | { id: number; type: 'load-files'; files: PickedInputFile[] }
  | { id: number; type: 'clear' }
  /** Open this area of the dropped cube (engine/cubeArea.ts: a local authority's name, or '*'); answered with 'loaded'. */
  | { id: number; type: 'cube-area'; area: string; latest?: number }
  | { id: number; type: 'run'; params: AnalysisParams }
  | { id: number; type: 'points'; params: AnalysisParams }
  /** ESRI ASCII grid of the density surface for these params. */
  | { id: number; type: 'ascii-grid'; params: AnalysisParams }
  /** Replace the session's action register (page edits, or a bundled register); answered with 'text' (''). */
  | { id: number; type: 'set-register'; register: ActionRegister | null; source: string }
  /** The session's current register as JSON or CSV (src/io/registers.ts); answered with 'text'. */
  | { id: number; type: 'register-export'; format: 'json' | 'csv' };

export interface PointsPayload {
  length: number;
  /** Interleaved lon,lat pairs (deck.gl binary attribute, size 2). */
  positions: Float32Array;
  category: Uint16Array;
  categories: string[];
}

export type WorkerResponse =
  | { id: number; type: 'progress'; progress: LoadProgress }
  /** `wards`: WGS84 GeoJSON of the loaded wards (properties code, name, index), null when none loaded. */
  /**
   * `register`: the action register read from a file in THIS load (absent otherwise); `borough`: the
   * wards' area name (a borough, "London" or null); `boroughs`: distinct boroughs the wards name.
   */
  | {
      id: number;
      type: 'loaded';
      messages: IngestMessage[];
      wards: FeatureCollection | null;
      register?: ActionRegister | null;
      borough?: string | null;
      boroughs?: number;
      cube?: CubeState | null;
    }
  | { id: number; type: 'cleared' }
  /**
   * `ms`: time spent in session.run inside the worker. `hotspotRings`: the coordinates of
   * `result.hotspotGeojson`, whose features then come with geometry null (packedGeometry.ts:
   * the client's unpackPolygons gives it back).
   */
  | { id: number; type: 'result'; result: AnalysisResult; hotspotRings?: PackedRings; ms?: number }
  | { id: number; type: 'points'; points: PointsPayload }
  /**
   * Sent during a 'run', before its result: the density surface (float32, row 0 = south) and its
   * maximum, so that the page colours it while the worker traces the hotspot areas.
   */
  | { id: number; type: 'surface'; values: Float32Array; nx: number; ny: number; max: number }
  | { id: number; type: 'text'; text: string }
  | { id: number; type: 'error'; message: string };

/** The buffers of a result that should be transferred rather than cloned. */
export function resultTransferables(result: AnalysisResult): Transferable[] {
  return result.kde ? [result.kde.values.buffer as ArrayBuffer] : [];
}
