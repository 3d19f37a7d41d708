/** Join byte chunks into one array (the chunk itself when there is only one). */
export function concatBytes(
  parts: readonly Uint8Array[],
  length = parts.reduce((n, p) => n + p.length, 0),
): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
