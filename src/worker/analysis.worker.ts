/// <reference lib="webworker" />
/**
 * Thin Web Worker adapter around the engine session: decodes WorkerRequest
 * messages (protocol.ts), calls the session and posts results back with the
 * big typed arrays transferred. No analysis logic lives here.
 */
import { AnalysisSession } from '../analysis/session.ts';
import type { FeatureCollection } from 'geojson';
import type { AnalysisParams } from '../analysis/sessionTypes.ts';
import { resultTransferables, type PointsPayload, type WorkerRequest, type WorkerResponse } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

let session = new AnalysisSession();

function post(msg: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

/** WGS84 ward geometry for drawing (properties: code, name, index). */
function wardGeojson(): FeatureCollection | null {
  const fc = session.wardSet?.geojson ?? null;
  return fc && fc.features.length ? fc : null;
}

function points(params: AnalysisParams): PointsPayload {
  const p = session.points(params);
  return { length: p.category.length, positions: p.lonLat, category: p.category, categories: p.categories };
}

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  try {
    switch (req.type) {
      case 'load': {
        const bytesTotal = req.files.reduce((a, f) => a + f.bytes.byteLength, 0);
        const { messages } = session.addFiles(
          req.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
          { onProgress: (p) => post({ id: req.id, type: 'progress', progress: { file: p.file, bytesRead: p.bytesRead, rowsRead: p.rowsRead, bytesTotal } }) },
        );
        post({ id: req.id, type: 'loaded', messages, wards: wardGeojson() });
        break;
      }
      case 'clear':
        session = new AnalysisSession();
        post({ id: req.id, type: 'cleared' });
        break;
      case 'run': {
        const result = session.run(req.params);
        post({ id: req.id, type: 'result', result }, resultTransferables(result));
        break;
      }
      case 'points': {
        const pts = points(req.params);
        post({ id: req.id, type: 'points', points: pts }, [pts.positions.buffer as ArrayBuffer, pts.category.buffer as ArrayBuffer]);
        break;
      }
      case 'ascii-grid': {
        post({ id: req.id, type: 'text', text: session.asciiGrid(req.params) ?? '' });
        break;
      }
    }
  } catch (e) {
    post({ id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
