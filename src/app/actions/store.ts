/**
 * Where registers come from and where edits are kept.
 *
 * Bundled registers: data/registers/*.json (the partnership plans shipped with the app),
 * imported lazily (one small chunk each) and matched to the loaded wards (model.ts
 * chooseRegister). They are the project's own validated files (test/actions), so they are
 * not re-validated here; users' own register files go through the worker (parseRegister*).
 *
 * Edits: status and commentary per action, in this browser's localStorage under
 * `hotspot-atlas:action-edits:<plan id>` (model.ts editsKey). Nothing is sent anywhere.
 */
import type { ActionRegister } from '../../core/actionTypes.ts';
import { cleanEdits, editsKey, type ActionEdits, type RegisterCandidate } from './model.ts';

const bundled = import.meta.glob('../../../data/registers/*.json', { import: 'default' }) as Record<
  string,
  () => Promise<unknown>
>;

let cache: Promise<RegisterCandidate[]> | null = null;

/** Every bundled register, loaded once. */
export function bundledRegisters(): Promise<RegisterCandidate[]> {
  cache ??= Promise.all(
    Object.entries(bundled)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(async ([path, load]) => ({
        register: (await load()) as ActionRegister,
        file: path.replace(/^.*?(data\/registers\/)/, '$1'),
      })),
  );
  return cache;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // blocked (privacy settings, sandboxed frame)
  }
}

/** The stored edits of a plan, checked against its register (unknown ids and bad values dropped). */
export function loadEdits(register: ActionRegister): ActionEdits {
  const raw = storage()?.getItem(editsKey(register.plan.id));
  if (!raw) return {};
  try {
    const data = JSON.parse(raw) as { edits?: unknown };
    return cleanEdits(register, data.edits);
  } catch {
    return {};
  }
}

/** Stores a plan's edits (removes the entry when there are none). Returns false when storage is unavailable. */
export function saveEdits(planId: string, edits: ActionEdits): boolean {
  const s = storage();
  if (!s) return false;
  try {
    if (Object.keys(edits).length)
      s.setItem(editsKey(planId), JSON.stringify({ version: 1, savedAt: new Date().toISOString(), edits }));
    else s.removeItem(editsKey(planId));
    return true;
  } catch {
    return false; // quota
  }
}
