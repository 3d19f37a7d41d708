/**
 * `npm run validators`: precompiles the JSON Schema validators with Ajv's standalone mode
 * into src/io/generated/*.js (committed). The product then validates without generating
 * code at run time: Ajv's `compile()` uses `new Function`, which a page or worker served
 * with `Content-Security-Policy: script-src 'self'` (no 'unsafe-eval') refuses.
 *
 * test/io/validators.test.ts regenerates the code in memory and fails when the committed
 * file is out of date with the schema (re-run this script then).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validatorSources } from './lib/validators.ts';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { path, code } of validatorSources()) {
    writeFileSync(path, code);
    console.log(`wrote ${path} (${code.length} characters)`);
  }
}
