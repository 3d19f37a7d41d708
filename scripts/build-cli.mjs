#!/usr/bin/env node
/**
 * Bundles the CLI ahead of time: src/cli/bin.ts and the engine it loads into
 * dist-cli/hotspot-atlas.mjs (+ chunks), for Node ≥ 20 with no package needed at run time
 * (every dependency is inlined), so the command works after `npm ci --omit=dev`, or copied
 * alone. The help text is its own small chunk: `--help` does not load the engine.
 *
 *   node scripts/build-cli.mjs            build
 *   node scripts/build-cli.mjs --if-stale build only when a source is newer than the bundle
 *                                         (what `npm run analyse` does before running it)
 *   node scripts/build-cli.mjs --outdir D build into D instead of dist-cli/ (a test's own copy)
 *
 * The bundle is written to a fresh folder beside the output and renamed into place, so a test
 * running the command meanwhile finds the old bundle or the new one, never half of one.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const at = process.argv.indexOf('--outdir');
const out = at > 0 ? resolve(process.argv[at + 1]) : join(root, 'dist-cli');
const entry = join(out, 'hotspot-atlas.mjs');

function newest(dir) {
  let t = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    t = Math.max(t, f.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (process.argv.includes('--if-stale') && existsSync(entry)) {
  const built = statSync(entry).mtimeMs;
  const sources = Math.max(
    newest(join(root, 'src')),
    statSync(join(root, 'package.json')).mtimeMs,
    statSync(import.meta.filename).mtimeMs,
  );
  if (sources < built) process.exit(0);
}

const { build } = await import('esbuild');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const fresh = `${out}.build-${process.pid}`;
rmSync(fresh, { recursive: true, force: true });
await build({
  entryPoints: {
    'hotspot-atlas': join(root, 'src/cli/bin.ts'),
    'ingest-worker': join(root, 'src/cli/ingestWorker.ts'),
  },
  outdir: fresh,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: '#!/usr/bin/env node' },
  define: { __HOTSPOT_ATLAS_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  // DuckDB's native binding cannot be bundled: `cubes` loads it from node_modules (a dependency).
  external: ['@duckdb/*'],
  logLevel: 'warning',
});
const old = `${out}.old-${process.pid}`;
if (existsSync(out)) renameSync(out, old);
renameSync(fresh, out);
rmSync(old, { recursive: true, force: true });
