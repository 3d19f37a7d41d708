#!/usr/bin/env node
/**
 * `npm test`: the whole suite, in order, on a fresh machine.
 *   1. type-check (tsc --noEmit, strict)      2. lint (eslint) and format (prettier --check)
 *   3. unit + real-data tests (vitest, Node)   4. build (vite build)
 *   5. end-to-end tests in Debian Chromium (playwright-core)
 *   (after lint: npm audit of production dependencies, scripts/audit.mjs)
 * Chromium is installed with apt-get when it is missing and we are root;
 * otherwise the exact command to run is printed. Ends with one line
 * "N passed, N failed" (vitest tests + e2e tests + one each for the type-check,
 * lint, CLI build and build), and exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env };
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, opts = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, ...opts });
  console.log(`=== ${label}: exit ${r.status} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function step(label, ok) {
  if (ok) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

/** Debian packages the end-to-end tests use: chromium, and poppler-utils (pdftotext) for the print checks. */
function ensureChromium() {
  const wanted = [
    ['/usr/bin/chromium', 'chromium'],
    ['/usr/bin/pdftotext', 'poppler-utils'],
  ].filter(([bin]) => !existsSync(bin));
  if (!wanted.length) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    const pkgs = wanted.map(([, p]) => p);
    console.log(`\nInstalling Debian ${pkgs.join(' and ')} with apt-get (about 30 s) ...`);
    const e = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: e });
    spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env: e });
    return existsSync('/usr/bin/chromium');
  }
  if (existsSync('/usr/bin/chromium')) {
    console.log(
      '\n[notice] pdftotext is missing: print checks read page counts only. Run:  sudo apt-get install -y poppler-utils',
    );
    return true;
  }
  console.log(
    '\nChromium is missing and cannot be installed from here. Run:  sudo apt-get install -y chromium poppler-utils',
  );
  return false;
}

step('typecheck', run('type-check', 'npx', ['tsc', '--noEmit']));
step('lint', run('lint', 'npx', ['eslint', '.', '--max-warnings=0']));
step('format', run('format check (prettier)', 'npx', ['prettier', '--check', '.']));

// Advisories in production dependencies (a notice, not a failure, when the registry cannot be reached).
step('npm audit (production, high)', run('npm audit', 'node', ['scripts/audit.mjs']));

// The CLI bundle the CLI tests run, built once here rather than by several test files at once.
step('CLI build', run('CLI build', 'node', ['scripts/build-cli.mjs']));

rmSync('vitest-report.json', { force: true });
run('unit and real-data tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=vitest-report.json',
]);
if (existsSync('vitest-report.json')) {
  const r = JSON.parse(readFileSync('vitest-report.json', 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A test file that fails to load counts as a failure even with no test inside it.
  const broken = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'),
  );
  failed += broken.length;
  for (const f of broken) failures.push(`vitest file ${f.name}`);
  if (r.numFailedTests) failures.push(`${r.numFailedTests} vitest test(s)`);
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
} else {
  step('vitest (no report)', false);
}

const built = run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
step('build', built);

if (built && existsSync('scripts/e2e.mjs')) {
  if (ensureChromium()) {
    const r = spawnSync('node', ['scripts/e2e.mjs'], { stdio: ['ignore', 'pipe', 'inherit'], env, encoding: 'utf8' });
    process.stdout.write(r.stdout ?? '');
    const m = /e2e: (\d+) passed, (\d+) failed/.exec(r.stdout ?? '');
    if (m) {
      passed += +m[1];
      failed += +m[2];
      if (+m[2]) failures.push(`${m[2]} e2e test(s)`);
    }
    if (r.status !== 0 && (!m || +m[2] === 0)) step('e2e runner', false);
  } else if (env.CI) {
    step('e2e (no chromium)', false);
  } else {
    console.log('[notice] end-to-end tests skipped: no Chromium');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
