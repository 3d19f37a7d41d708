/**
 * Minimal ESRI shapefile reading: polygon geometry from .shp, attributes from .dbf.
 * Coordinates are returned as stored (no reprojection: the caller reads the .prj).
 *
 * .shp: 100-byte header (big-endian file code/length, little-endian shape type and bbox),
 * then records of [big-endian record number, content length in 16-bit words] + content.
 * Polygon content (types 5, 15 PolygonZ, 25 PolygonM): shape type, bbox, numParts,
 * numPoints, part start indexes, x/y doubles (Z/M values follow and are ignored).
 */

export interface ShpRecord {
  /** Rings as flat [x0, y0, x1, y1, …] arrays, as stored (first vertex repeated at the end). */
  rings: Float64Array[];
  /** Shape type of the record (0 = null shape). */
  type: number;
}

export interface ShpFile {
  shapeType: number;
  records: ShpRecord[];
}

const POLYGON_TYPES = new Set([5, 15, 25]);

export function readShp(bytes: Uint8Array): ShpFile {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 100 || dv.getInt32(0, false) !== 9994) throw new Error('not a .shp file (bad file code)');
  const shapeType = dv.getInt32(32, true);
  const fileLen = Math.min(bytes.length, dv.getInt32(24, false) * 2);
  const records: ShpRecord[] = [];
  let p = 100;
  while (p + 8 <= fileLen) {
    const len = dv.getInt32(p + 4, false) * 2;
    const c = p + 8;
    p = c + len;
    if (len < 4 || p > bytes.length) break;
    const type = dv.getInt32(c, true);
    if (!POLYGON_TYPES.has(type)) {
      records.push({ rings: [], type });
      continue;
    }
    const numParts = dv.getInt32(c + 36, true);
    const numPoints = dv.getInt32(c + 40, true);
    const partsAt = c + 44;
    const pointsAt = partsAt + 4 * numParts;
    const rings: Float64Array[] = [];
    for (let k = 0; k < numParts; k++) {
      const s = dv.getInt32(partsAt + 4 * k, true);
      const e = k + 1 < numParts ? dv.getInt32(partsAt + 4 * (k + 1), true) : numPoints;
      const ring = new Float64Array(2 * Math.max(0, e - s));
      for (let i = s, q = 0; i < e; i++) {
        ring[q++] = dv.getFloat64(pointsAt + 16 * i, true);
        ring[q++] = dv.getFloat64(pointsAt + 16 * i + 8, true);
      }
      rings.push(ring);
    }
    records.push({ rings, type });
  }
  return { shapeType, records };
}

export interface DbfField {
  name: string;
  type: string;
  length: number;
  decimals: number;
}

export interface DbfFile {
  fields: DbfField[];
  records: Record<string, string | number | null>[];
}

/**
 * dBASE III table. `encoding` from the .cpg file ("UTF-8", "1252", …); default UTF-8,
 * which ASCII-only tables (the usual case) decode identically under any choice.
 */
export function readDbf(bytes: Uint8Array, encoding = 'utf-8'): DbfFile {
  if (bytes.length < 32)
    throw new Error(
      `the .dbf attribute table is ${bytes.length === 0 ? 'empty' : 'truncated'} (${bytes.length} bytes; a .dbf header alone is 32)`,
    );
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = dv.getUint16(8, true);
  const recLen = dv.getUint16(10, true);
  if (recLen === 0 || headerLen < 33)
    throw new Error(`the .dbf attribute table is corrupt (record length ${recLen}, header length ${headerLen})`);
  // The stated record count is capped by what the file can hold (a corrupt count must not loop).
  const n = Math.min(dv.getUint32(4, true), Math.max(0, Math.floor((bytes.length - headerLen) / recLen)));
  let dec: TextDecoder;
  try {
    dec = new TextDecoder(encoding);
  } catch {
    dec = new TextDecoder('utf-8');
  }
  const ascii = new TextDecoder('latin1');
  const fields: DbfField[] = [];
  for (let p = 32; p + 32 <= headerLen && bytes[p] !== 0x0d; p += 32) {
    let end = p;
    while (end < p + 11 && bytes[end] !== 0) end++;
    fields.push({
      name: ascii.decode(bytes.subarray(p, end)).trim(),
      type: String.fromCharCode(bytes[p + 11]),
      length: bytes[p + 16],
      decimals: bytes[p + 17],
    });
  }
  const records: Record<string, string | number | null>[] = [];
  for (let r = 0; r < n; r++) {
    const base = headerLen + r * recLen;
    if (base + recLen > bytes.length) break;
    const rec: Record<string, string | number | null> = {};
    let q = base + 1; // skip deletion flag
    for (const f of fields) {
      const raw = dec.decode(bytes.subarray(q, q + f.length)).trim();
      q += f.length;
      if (f.type === 'N' || f.type === 'F') {
        const v = raw === '' ? NaN : Number(raw);
        rec[f.name] = Number.isFinite(v) ? v : null;
      } else {
        rec[f.name] = raw;
      }
    }
    records.push(rec);
  }
  return { fields, records };
}

/** Normalise a .cpg code-page string to a TextDecoder label. */
export function cpgToEncoding(cpg: string): string {
  const s = cpg.trim().toLowerCase();
  if (!s) return 'utf-8';
  if (/^(utf-?8|65001)$/.test(s)) return 'utf-8';
  if (/^\d+$/.test(s)) return s === '1252' ? 'windows-1252' : `windows-${s}`;
  return s;
}
