/**
 * The layer boundaries of eslint.config.js fail the lint step (issue 17): each import
 * below runs through ESLint with the project's configuration, as `npm test` lints the code.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
async function restricted(filePath: string, code: string): Promise<boolean> {
  const [r] = await eslint.lintText(code + '\n', { filePath });
  return r.messages.some((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
}

describe('layers enforced by lint', () => {
  const cases: [string, string, boolean][] = [
    // [file, import, forbidden?]
    ['src/core/x.ts', "import { a } from '../io/crimeIngest.ts';", true],
    ['src/core/x.ts', "import { a } from '../analysis/shares.ts';", true],
    ['src/core/x.ts', "import { a } from './months.ts';", false],
    ['src/io/x.ts', "import { a } from '../analysis/shares.ts';", true],
    ['src/io/x.ts', "import type { A } from '../analysis/sessionTypes.ts';", true],
    ['src/io/x.ts', "import { a } from '../core/months.ts';", false],
    ['src/analysis/x.ts', "import { a } from '../io/crimeIngest.ts';", true],
    ['src/analysis/kde/x.ts', "import { a } from '../../io/crimeIngest.ts';", true],
    ['src/analysis/x.ts', "import { a } from './session.ts';", true],
    ['src/analysis/x.ts', "import { a } from '../app/main.ts';", true],
    ['src/analysis/x.ts', "import { a } from '../core/bng.ts';", false],
    ['src/analysis/session.ts', "import { a } from '../io/crimeIngest.ts';", false],
    ['src/analysis/session.ts', "import { a } from '../app/dom.ts';", true],
    ['src/worker/x.ts', "import { a } from '../app/load/files.ts';", true],
    ['src/worker/x.ts', "import { a } from '../analysis/session.ts';", false],
    ['src/cli/x.ts', "import { a } from '../worker/protocol.ts';", true],
    ['src/app/x.ts', "import { a } from '../cli/report.ts';", true],
    ['src/app/x.ts', "import { a } from '../worker/protocol.ts';", false],
    // Dev-only packages and run-time schema compilation stay out of the product.
    ['src/core/x.ts', "import proj4 from 'proj4';", true],
    ['src/app/x.ts', "import { intersect } from '@turf/turf';", true],
    ['src/io/x.ts', "import Ajv from 'ajv/dist/2020.js';", true],
    ['src/io/x.ts', "import type { ErrorObject } from 'ajv';", false],
    ['src/io/x.ts', "import Papa from 'papaparse';", true],
    ['test/x.test.ts', "import proj4 from 'proj4';", false],
  ];
  for (const [file, code, forbidden] of cases) {
    it(`${file}: ${code} is ${forbidden ? 'an error' : 'allowed'}`, async () => {
      expect(await restricted(file, code)).toBe(forbidden);
    });
  }
});
