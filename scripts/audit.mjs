#!/usr/bin/env node
/**
 * `npm audit --omit=dev --audit-level=high` as one test step (called by scripts/test-all.mjs).
 * ~/.npmrc may set audit=false, so --audit=true is passed explicitly.
 * - exit 0: no high/critical advisory in production dependencies, or every one is listed with
 *   a reason in audit-exceptions.json ([{ "name": "pkg", "advisory": "GHSA-… or URL", "reason": "…" }]);
 * - exit 0 with a visible NOTICE: the registry's audit endpoint could not be reached;
 * - exit 1: any other high/critical advisory (printed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const r = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--audit=true', '--json'], {
  cwd: root,
  encoding: 'utf8',
  timeout: 120_000,
});
let report;
try {
  report = JSON.parse(r.stdout || '');
} catch {
  report = null;
}
const unreachable = !report || !report.vulnerabilities;
if (unreachable) {
  const why =
    report?.error?.summary ||
    report?.message ||
    ((r.stderr || r.error?.message || 'no answer')
      .split('\n')
      .find((l) => l.trim() && !/Unknown user config/.test(l)) ??
      '');
  console.log(`\n*** NOTICE: npm audit could not reach the registry's audit endpoint (${why.trim()}).`);
  console.log('*** Production dependencies were NOT checked for advisories in this run.\n');
  console.log('audit: skipped (unreachable)');
  process.exit(0);
}

const exceptionsFile = resolve(root, 'audit-exceptions.json');
const exceptions = existsSync(exceptionsFile) ? JSON.parse(readFileSync(exceptionsFile, 'utf8')) : [];
const excepted = (name, via) =>
  exceptions.some(
    (e) =>
      e.name === name &&
      e.reason &&
      (!e.advisory ||
        via.some(
          (v) => typeof v === 'object' && (v.url?.includes(e.advisory) || String(v.source) === String(e.advisory)),
        )),
  );

const high = Object.values(report.vulnerabilities ?? {}).filter(
  (v) => v.severity === 'high' || v.severity === 'critical',
);
const failing = high.filter((v) => !excepted(v.name, v.via ?? []));
for (const v of high) {
  const titles = (v.via ?? []).filter((x) => typeof x === 'object').map((x) => `${x.title} (${x.url})`);
  console.log(
    `${failing.includes(v) ? 'HIGH' : 'excepted'}  ${v.severity}  ${v.name} ${v.range ?? ''}  ${titles.join('; ') || `via ${(v.via ?? []).join(', ')}`}`,
  );
}
const m = report.metadata?.vulnerabilities ?? {};
console.log(
  `audit: production dependencies: ${m.critical ?? 0} critical, ${m.high ?? 0} high, ${m.moderate ?? 0} moderate, ${m.low ?? 0} low; ${failing.length} high/critical not excepted`,
);
process.exit(failing.length ? 1 : 0);
