/// <reference lib="webworker" />
/**
 * Thin Web Worker adapter around the engine session: decodes WorkerRequest
 * messages (protocol.ts), calls the session and posts results back with the
 * big typed arrays transferred. No analysis logic lives here.
 */
import { AnalysisSession, STREAM_LIMITS, type SessionFile } from '../analysis/session.ts';
import type { IngestMessage } from '../core/types.ts';
import { blobChunks, HEAD_BYTES, shouldStream } from '../io/stream.ts';
import { registerToCsv, registerToJson } from '../io/registers.ts';
import type { FeatureCollection } from 'geojson';
import type { AnalysisParams } from '../analysis/sessionTypes.ts';
import { packedTransferables, packPolygons } from './packedGeometry.ts';
import { CubeLoader } from './cubeLoad.ts';
import {
  resultTransferables,
  type PickedInputFile,
  type PointsPayload,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

let session = new AnalysisSession();
/** A dropped cube (cubeLoad.ts); while one is open, points are not sent (a cube holds counts, not crimes). */
const cube = new CubeLoader();

function post(msg: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

/** WGS84 ward geometry for drawing (properties: code, name, index). */
function wardGeojson(): FeatureCollection | null {
  const fc = session.wardSet?.geojson ?? null;
  return fc && fc.features.length ? fc : null;
}

function points(params: AnalysisParams): PointsPayload {
  const p = cube.current?.summary
    ? { lonLat: new Float32Array(0), category: new Uint16Array(0), categories: [] }
    : session.points(params);
  return { length: p.category.length, positions: p.lonLat, category: p.category, categories: p.categories };
}

/**
 * Picked files: crime CSVs stream from file.stream() into the session (never held whole);
 * the others are read whole, up to STREAM_LIMITS.maxWholeFileBytes, and loaded together
 * (shapefile parts belong together). Progress: bytes over all files, lines read.
 */
async function loadFiles(id: number, files: PickedInputFile[]): Promise<IngestMessage[]> {
  const bytesTotal = files.reduce((a, f) => a + f.file.size, 0);
  const messages: IngestMessage[] = [];
  const whole: SessionFile[] = [];
  let done = 0;
  let rowsRead = 0;
  const progress = (file: string, bytesRead: number) =>
    post({ id, type: 'progress', progress: { file, bytesRead, rowsRead, bytesTotal } });
  for (const { name, file, mapping } of files) {
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    if (file.size > 0 && shouldStream(name, head)) {
      const r = await session.addCrimeStream(name, file.size, blobChunks(file), {
        defer: true,
        mapping,
        onProgress: (p) => {
          rowsRead = p.rowsRead;
          progress(name, done + p.bytesRead);
        },
      });
      messages.push(...r.messages);
    } else if (file.size > STREAM_LIMITS.maxWholeFileBytes) {
      messages.push({
        level: 'error',
        file: name,
        line: 0,
        message: `not loaded: ${Math.round(file.size / 1024 ** 2)} MB is over the ${STREAM_LIMITS.maxWholeFileBytes / 1024 ** 2} MB limit for files read whole (boundaries, population, places, action registers, compressed or JSON crime files)`,
      });
    } else if (mapping) {
      // A generic CSV read whole (gzip) with the user's column mapping: loaded on its own.
      messages.push(
        ...session.addFiles([{ name, bytes: new Uint8Array(await file.arrayBuffer()) }], { mapping }).messages,
      );
    } else {
      whole.push({ name, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    done += file.size;
    progress(name, done);
  }
  // Always called, even with no files: it also re-derives the table after the streamed files.
  const r = session.addFiles(whole, {
    onProgress: (p) =>
      post({ id, type: 'progress', progress: { file: p.file, bytesRead: done, rowsRead: p.rowsRead, bytesTotal } }),
  });
  messages.push(...r.messages);
  return messages;
}

// Requests are handled one at a time, in order (a streamed load awaits file reads).
let queue: Promise<void> = Promise.resolve();
self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  queue = queue.then(() => handle(req));
};

/** Files sent as bytes, read whole (the format of each detected from its content). */
function loadBytes(req: Extract<WorkerRequest, { type: 'load' }>): void {
  const bytesTotal = req.files.reduce((a, f) => a + f.bytes.byteLength, 0);
  const registerBefore = session.loadedRegister;
  const { messages } = session.addFiles(
    req.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
    {
      onProgress: (p) =>
        post({
          id: req.id,
          type: 'progress',
          progress: { file: p.file, bytesRead: p.bytesRead, rowsRead: p.rowsRead, bytesTotal },
        }),
    },
  );
  const register = session.loadedRegister !== registerBefore ? session.loadedRegister : undefined;
  postLoaded(req.id, messages, register);
}

/** A run: the density surface is posted as soon as it is computed, then the result with the hotspot rings packed. */
function runRequest(req: Extract<WorkerRequest, { type: 'run' }>): void {
  const t0 = performance.now();
  const result = session.run(req.params, {
    onSurface: (values, grid, max) => {
      const copy = Float32Array.from(values);
      post({ id: req.id, type: 'surface', values: copy, nx: grid.nx, ny: grid.ny, max }, [copy.buffer as ArrayBuffer]);
    },
  });
  const hotspotRings = packPolygons(result.hotspotGeojson, true);
  post({ id: req.id, type: 'result', result, hotspotRings, ms: performance.now() - t0 }, [
    ...resultTransferables(result),
    ...packedTransferables(hotspotRings),
  ]);
}

/** Files dropped or picked: a cube's files wait for an area, the rest load into the session. */
async function loadFilesRequest(req: Extract<WorkerRequest, { type: 'load-files' }>): Promise<void> {
  const registerBefore = session.loadedRegister;
  const { cube: cubeFiles, rest } = cube.split(req.files);
  if (cubeFiles.length) cube.setFiles(cubeFiles);
  else if (cube.openWithCrimes) {
    // Files dropped after a cube was opened replace it (crime files and a cube never mix);
    // boundary files dropped while the cube waits for them, or after it found no crime in the wards, open it.
    cube.reset();
    session = new AnalysisSession();
  }
  const messages = await loadFiles(req.id, rest);
  let cubeState = null;
  if (cube.active) {
    const r = await cube.afterLoad(session);
    if (r.session) session = r.session;
    cubeState = r.state;
  }
  const register = session.loadedRegister !== registerBefore ? session.loadedRegister : undefined;
  postLoaded(req.id, messages, register, cubeState);
}

type Loaded = Extract<WorkerResponse, { type: 'loaded' }>;

/** The reply to a load: messages, the ward set as drawn, a register when the load changed it, and the cube's state. */
function postLoaded(
  id: number,
  messages: Loaded['messages'],
  register: Loaded['register'],
  cube?: Loaded['cube'],
): void {
  post({
    id,
    type: 'loaded',
    messages,
    wards: wardGeojson(),
    register,
    borough: session.wardSet?.meta.borough ?? null,
    boroughs: session.wardSet?.meta.boroughs ?? 0,
    ...(cube === undefined ? {} : { cube }),
  });
}

async function handle(req: WorkerRequest): Promise<void> {
  try {
    switch (req.type) {
      case 'load-files':
        await loadFilesRequest(req);
        break;
      case 'cube-area': {
        const r = await cube.open(req.area, session, req.latest);
        session = r.session;
        postLoaded(req.id, [], undefined, r.state);
        break;
      }
      case 'load':
        loadBytes(req);
        break;
      case 'clear':
        session = new AnalysisSession();
        cube.reset();
        post({ id: req.id, type: 'cleared' });
        break;
      case 'run':
        runRequest(req);
        break;
      case 'points': {
        const pts = points(req.params);
        post({ id: req.id, type: 'points', points: pts }, [
          pts.positions.buffer as ArrayBuffer,
          pts.category.buffer as ArrayBuffer,
        ]);
        break;
      }
      case 'set-register':
        session.setRegister(req.register, req.source);
        post({ id: req.id, type: 'text', text: '' });
        break;
      case 'register-export': {
        const reg = session.loadedRegister;
        post({
          id: req.id,
          type: 'text',
          text: reg ? (req.format === 'csv' ? registerToCsv(reg) : registerToJson(reg)) : '',
        });
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
}
