// The CLI's worker thread when the CLI runs from source (tsx, as the tests do): registers tsx's
// loader in this thread, then runs the TypeScript worker. The built CLI uses ingest-worker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./ingestWorker.ts');
