/** Ring checks of boundary files (io/boundaries.ts): cleaning repeated vertices, and self-intersection. */

/** Remove repeated vertices and the closing vertex. Returns null when < 3 distinct vertices remain. */
export function cleanRing(r: Float64Array): { ring: Float64Array | null; wasOpen: boolean; nonFinite: boolean } {
  const n = r.length / 2;
  const out: number[] = [];
  let nonFinite = false;
  for (let i = 0; i < n; i++) {
    const x = r[2 * i];
    const y = r[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      nonFinite = true;
      continue;
    }
    const m = out.length;
    if (m && out[m - 2] === x && out[m - 1] === y) continue;
    out.push(x, y);
  }
  const wasOpen = n > 0 && (r[0] !== r[2 * n - 2] || r[1] !== r[2 * n - 1]);
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  const distinct = new Set<string>();
  for (let i = 0; i < out.length && distinct.size < 3; i += 2) distinct.add(`${out[i]},${out[i + 1]}`);
  return { ring: distinct.size < 3 ? null : Float64Array.from(out), wasOpen, nonFinite };
}

/** Whether two non-adjacent edges of the ring cross properly (touching is not crossing). Sweep on y. */
export function ringSelfIntersects(r: Float64Array): boolean {
  const n = r.length / 2;
  if (n < 4) return false;
  const lo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    lo[i] = Math.min(r[2 * i + 1], r[2 * j + 1]);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lo[a] - lo[b]);
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  for (let a = 0; a < n; a++) {
    const i = order[a];
    const i2 = (i + 1) % n;
    const ax = r[2 * i],
      ay = r[2 * i + 1],
      bx = r[2 * i2],
      by = r[2 * i2 + 1];
    const hi = Math.max(ay, by);
    for (let b = a + 1; b < n && lo[order[b]] <= hi; b++) {
      const j = order[b];
      const j2 = (j + 1) % n;
      if (j === i2 || j2 === i) continue; // adjacent edges share a vertex
      const cx = r[2 * j],
        cy = r[2 * j + 1],
        dx = r[2 * j2],
        dy = r[2 * j2 + 1];
      if (Math.max(cx, dx) < Math.min(ax, bx) || Math.min(cx, dx) > Math.max(ax, bx)) continue;
      if (
        orient(ax, ay, bx, by, cx, cy) * orient(ax, ay, bx, by, dx, dy) < 0 &&
        orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0
      ) {
        return true;
      }
    }
  }
  return false;
}
