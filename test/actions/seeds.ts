/**
 * The seed plans live in ../shared/seeds beside the repository and are never committed.
 * Same rule as sharedData: missing seeds FAIL under CI=true and are skipped with a notice
 * elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const SEEDS = process.env.HOTSPOT_SEEDS ?? resolve(here, '../../../shared/seeds');

export function seedLines(file: string): string[] {
  return readFileSync(join(SEEDS, file), 'utf8').split(/\r?\n/);
}

export function describeSeeds(name: string, fn: () => void): void {
  if (existsSync(SEEDS)) describe(name, fn);
  else if (process.env.CI)
    describe(name, () => {
      it('needs ../shared/seeds', () => {
        throw new Error(`Seed plans missing under CI: ${SEEDS}`);
      });
    });
  else {
    console.warn(`\n[notice] skipping "${name}": ../shared/seeds not found (seed checks run in CI)\n`);
    describe.skip(name, fn);
  }
}
