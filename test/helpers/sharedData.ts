/**
 * Real public test data lives in ../shared/data beside the repository and is never
 * committed. Tests that need it use `describeData`: when the folder is missing they
 * FAIL under CI (CI=true) and are skipped with a visible notice elsewhere, so that a
 * newcomer's fresh clone still passes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const SHARED_DATA = process.env.HOTSPOT_SHARED_DATA ?? resolve(here, '../../../shared/data');

/** Absolute path of a file under ../shared/data. */
export function dataPath(rel: string): string {
  return join(SHARED_DATA, rel);
}

export function hasData(rel = ''): boolean {
  return existsSync(dataPath(rel));
}

export function readData(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(dataPath(rel)));
}

/** describe() that needs ../shared/data/<rel>. */
export function describeData(name: string, rel: string, fn: () => void): void {
  if (hasData(rel)) {
    describe(name, fn);
  } else if (process.env.CI) {
    describe(name, () => {
      it(`needs ../shared/data/${rel}`, () => {
        throw new Error(`Real test data missing under CI: ${dataPath(rel)}`);
      });
    });
  } else {
    console.warn(`\n[notice] skipping "${name}": ../shared/data/${rel} not found (real-data tests run in CI)\n`);
    // Not `describe.skip(name, fn)`: vitest still runs a skipped suite's body to collect its
    // tests, and bodies that read the data at collection time would throw.
    describe.skip(name, () => {
      it(`needs ../shared/data/${rel}`, () => {});
    });
  }
}

/** Every file under a folder (absolute paths), recursively, in name order. */
export function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/** A file on disk as the session takes it ({ name: its path, bytes }). */
export function sessionFile(path: string): { name: string; bytes: Uint8Array } {
  return { name: path, bytes: new Uint8Array(readFileSync(path)) };
}
