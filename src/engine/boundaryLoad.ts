/**
 * Boundary files of one load (engine/inputs.ts). Several files in one load are one ward set
 * (io/boundaries.ts merges them). A later load ADDS its wards when they are another area's (no
 * shared ward code, and fewer than half of the new wards' centres inside the loaded wards: a
 * neighbouring district of the same force) and otherwise REPLACES the loaded set (a new
 * vintage of the same area); either way no crime is dropped, all are re-assigned. Throws when
 * the files cannot be read (the caller keeps what was loaded).
 */
import { readBoundariesWithReport } from '../io/boundaries.ts';
import type { IngestMessage, WardSet } from '../core/types.ts';
import type { WardIndex } from '../analysis/wardIndex.ts';
import { ringCentroid } from './geometry.ts';

interface BoundaryFile {
  name: string;
  bytes: Uint8Array;
}

export function readBoundaryLoad<F extends BoundaryFile>(
  boundary: F[],
  prev: { wards: WardSet; index: WardIndex; files: F[] } | null,
  fieldOpts: { codeField?: string; nameField?: string },
): { wards: WardSet; files: F[]; messages: IngestMessage[] } {
  const read = (files: F[]) =>
    readBoundariesWithReport(
      files.map((f) => ({ name: f.name, bytes: f.bytes })),
      fieldOpts,
    );
  const v = (w: WardSet) => `${w.count} wards${w.meta.vintage ? `, ${w.meta.vintage} boundaries` : ''}`;
  const messages: IngestMessage[] = [];
  let r = read(boundary);
  let files = boundary;
  if (prev && isAnotherArea(prev.wards, prev.index, r.wards)) {
    files = [...prev.files, ...boundary];
    const added = r.wards;
    r = read(files);
    messages.push({
      level: 'info',
      file: added.meta.file,
      line: 0,
      message: `adds ${added.count} wards to the ${prev.wards.count} loaded from ${prev.wards.meta.file} (no ward in common): ${r.wards.count} wards in all; crimes already loaded are re-assigned`,
    });
  } else if (prev) {
    messages.push({
      level: 'info',
      file: r.wards.meta.file,
      line: 0,
      message: `replaces the ward boundaries from ${prev.wards.meta.file} (${v(prev.wards)}) with ${v(r.wards)}; crimes already loaded are re-assigned to the new wards`,
    });
  }
  for (const w of r.warnings)
    messages.push({
      level: w.level ?? 'warning',
      file: w.file,
      line: 0,
      message: w.feature ? `${w.feature}: ${w.message}` : w.message,
    });
  return { wards: r.wards, files, messages };
}

/**
 * True when `next` covers another area than `prev`: no ward code in common, and fewer than half
 * of its wards have their centre (the centroid of the first ring) inside a loaded ward.
 */
function isAnotherArea(prev: WardSet, index: WardIndex, next: WardSet): boolean {
  const codes = new Set(prev.codes);
  if (next.codes.some((c) => codes.has(c))) return false;
  let inside = 0;
  for (let w = 0; w < next.count; w++) {
    const ring = next.coords.subarray(
      2 * next.ringOffsets[next.wardRings[w]],
      2 * next.ringOffsets[next.wardRings[w] + 1],
    );
    const pts: [number, number][] = [];
    for (let i = 0; i < ring.length; i += 2) pts.push([ring[i], ring[i + 1]]);
    const [cx, cy] = ringCentroid(pts);
    if (index.wardAt(cx, cy) >= 0) inside++;
  }
  return inside < next.count / 2;
}
