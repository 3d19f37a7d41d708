import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Layers (README "Inside"): each may import only the layers listed in `may` (and itself).
 *   core      types, months, categories, British National Grid, geometry  (src/core)
 *   io        reading files into core types                               (src/io)
 *   analysis  pure computations over core types                           (src/analysis, less the engine)
 *   engine    the session: inputs and the derivation graph over io + analysis
 *             (src/analysis/session.ts, which stays where it is to keep branches mergeable, and src/engine)
 *   worker, cli   thin shells over the engine
 *   app       the page, on top
 * An import against the flow is a lint error (test/layers.test.ts checks the rule itself).
 */
const ENGINE = ['src/analysis/session.ts', 'src/engine/**'];
const DIRS = ['core', 'io', 'analysis', 'engine', 'worker', 'cli', 'app'];
const LAYERS = [
  { name: 'core', files: ['src/core/**'], may: [] },
  { name: 'io', files: ['src/io/**'], may: ['core'] },
  { name: 'analysis', files: ['src/analysis/**'], ignores: ENGINE, may: ['core'] },
  { name: 'engine', files: ENGINE, may: ['core', 'io', 'analysis'] },
  { name: 'worker', files: ['src/worker/**'], may: ['core', 'io', 'analysis', 'engine'] },
  { name: 'cli', files: ['src/cli/**'], may: ['core', 'io', 'analysis', 'engine'] },
  { name: 'app', files: ['src/app/**'], may: ['core', 'io', 'analysis', 'engine', 'worker'] },
];
/** Packages the product must not ship (dev dependencies: tests, scripts, the demo generator). */
const DEV_ONLY = [
  {
    group: ['proj4', '@turf/*', 'papaparse', 'shpjs', 'fast-check', 'playwright-core'],
    message: 'A dev-only package: the shipped code must not import it (issue 17).',
  },
  {
    group: ['ajv', 'ajv/*'],
    allowTypeImports: true,
    message:
      'No run-time schema compilation (it needs eval under a CSP): use the precompiled validator in src/io/generated (npm run validators).',
  },
];

function layerRule({ name, may }) {
  // Directories this layer must not reach; the engine's session.ts lives in analysis/, so
  // layers below the engine are also kept from it by name.
  const banned = DIRS.filter((d) => d !== name && !may.includes(d) && d !== 'analysis' && d !== 'engine');
  const patterns = [...DEV_ONLY];
  if (banned.length)
    patterns.push({
      regex: `^(\\.\\./)+(${banned.join('|')})/`,
      message: `Layer ${name} may import only ${may.join(', ') || 'itself'} (eslint.config.js, README "Inside").`,
    });
  if (name !== 'analysis' && !may.includes('analysis'))
    patterns.push({
      regex: '^(\\.\\./)+analysis/',
      message: `Layer ${name} may import only ${may.join(', ') || 'itself'}.`,
    });
  if (!may.includes('engine') && name !== 'engine')
    patterns.push({
      regex: '(^|/)(engine/|session\\.ts$)',
      message: `Layer ${name} is below the engine and must not import it.`,
    });
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-cli/**',
      '.bench-cache/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      '.ci/**',
      'src/io/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Text from data must never become HTML: forbid the sinks outright.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Data text must never be inserted as HTML: use textContent / DOM nodes.' },
        { property: 'outerHTML', message: 'Data text must never be inserted as HTML.' },
        { property: 'insertAdjacentHTML', message: 'Data text must never be inserted as HTML.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  ...LAYERS.map((l) => ({ files: l.files, ...(l.ignores ? { ignores: l.ignores } : {}), rules: layerRule(l) })),
  {
    // Size limits (issue 17): a file over ~400 lines or a function over ~80 hides its shape.
    // Blank lines and comments do not count. A longer function carries an eslint-disable
    // comment saying why (a hot loop kept in one function for speed is a good reason).
    files: ['**/*.{ts,mjs,js}'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    // A test's describe() callback is a list of cases, not one function's logic.
    files: ['test/**'],
    rules: { 'max-lines-per-function': 'off' },
  },
);
