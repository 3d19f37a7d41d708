/** Byte-level writers for test fixtures: ZIP archives, .shp/.shx polygon files and dBASE tables. */
import { crc32, deflateRawSync } from 'node:zlib';

/** A ZIP archive (deflate or stored members), with each member's CRC-32 (the reader checks it). */
export function makeZip(files: { name: string; bytes: Uint8Array }[], deflate = true): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const name = enc.encode(f.name);
    const data = deflate ? new Uint8Array(deflateRawSync(f.bytes)) : f.bytes;
    const local = new Uint8Array(30 + name.length);
    const dv = new DataView(local.buffer);
    dv.setUint32(0, 0x04034b50, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(8, deflate ? 8 : 0, true);
    dv.setUint32(14, crc32(f.bytes), true);
    dv.setUint32(18, data.length, true);
    dv.setUint32(22, f.bytes.length, true);
    dv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, deflate ? 8 : 0, true);
    cv.setUint32(16, crc32(f.bytes), true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, f.bytes.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    chunks.push(local, data);
    central.push(cd);
    offset += local.length + data.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...chunks, ...central, eocd]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** .shp and .shx for polygon records; each record is a list of closed rings of [x, y]. */
export function makeShp(records: number[][][][]): { shp: Uint8Array; shx: Uint8Array } {
  const recs: Uint8Array[] = [];
  const index: [number, number][] = [];
  let offset = 100;
  let bx0 = Infinity,
    by0 = Infinity,
    bx1 = -Infinity,
    by1 = -Infinity;
  records.forEach((rings, k) => {
    const pts = rings.flat();
    const len = 44 + 4 * rings.length + 16 * pts.length;
    const r = new Uint8Array(8 + len);
    const dv = new DataView(r.buffer);
    dv.setInt32(0, k + 1, false);
    dv.setInt32(4, len / 2, false);
    dv.setInt32(8, 5, true);
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const bb = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    bb.forEach((v, i) => dv.setFloat64(12 + 8 * i, v, true));
    [bx0, by0, bx1, by1] = [Math.min(bx0, bb[0]), Math.min(by0, bb[1]), Math.max(bx1, bb[2]), Math.max(by1, bb[3])];
    dv.setInt32(44, rings.length, true);
    dv.setInt32(48, pts.length, true);
    let start = 0;
    rings.forEach((ring, i) => {
      dv.setInt32(52 + 4 * i, start, true);
      start += ring.length;
    });
    const at = 52 + 4 * rings.length;
    pts.forEach(([x, y], i) => {
      dv.setFloat64(at + 16 * i, x, true);
      dv.setFloat64(at + 16 * i + 8, y, true);
    });
    index.push([offset / 2, len / 2]);
    offset += r.length;
    recs.push(r);
  });
  const header = (total: number): Uint8Array => {
    const h = new Uint8Array(100);
    const dv = new DataView(h.buffer);
    dv.setInt32(0, 9994, false);
    dv.setInt32(24, total / 2, false);
    dv.setInt32(28, 1000, true);
    dv.setInt32(32, 5, true);
    [bx0, by0, bx1, by1].forEach((v, i) => dv.setFloat64(36 + 8 * i, v, true));
    return h;
  };
  const shp = concat([header(offset), ...recs]);
  const shx = new Uint8Array(100 + 8 * index.length);
  shx.set(header(shx.length));
  const sv = new DataView(shx.buffer);
  index.forEach(([o, l], i) => {
    sv.setInt32(100 + 8 * i, o, false);
    sv.setInt32(104 + 8 * i, l, false);
  });
  return { shp, shx };
}

/** dBASE III table with character (C) and numeric (N) fields. */
export function makeDbf(
  fields: { name: string; type: 'C' | 'N'; length: number; decimals?: number }[],
  rows: (string | number)[][],
): Uint8Array {
  const enc = new TextEncoder();
  const headerLen = 32 + 32 * fields.length + 1;
  const recLen = 1 + fields.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(headerLen + recLen * rows.length + 1);
  const dv = new DataView(out.buffer);
  out[0] = 3;
  dv.setUint32(4, rows.length, true);
  dv.setUint16(8, headerLen, true);
  dv.setUint16(10, recLen, true);
  fields.forEach((f, i) => {
    const p = 32 + 32 * i;
    out.set(enc.encode(f.name).subarray(0, 10), p);
    out[p + 11] = f.type.charCodeAt(0);
    out[p + 16] = f.length;
    out[p + 17] = f.decimals ?? 0;
  });
  out[headerLen - 1] = 0x0d;
  rows.forEach((row, r) => {
    let q = headerLen + r * recLen;
    out[q++] = 0x20;
    fields.forEach((f, i) => {
      const raw = enc.encode(String(row[i]));
      const cell = new Uint8Array(f.length).fill(0x20);
      if (f.type === 'N') cell.set(raw.subarray(0, f.length), Math.max(0, f.length - raw.length));
      else cell.set(raw.subarray(0, f.length));
      out.set(cell, q);
      q += f.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

export const BNG_PRJ =
  'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],' +
  'PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],' +
  'PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]';

export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** The files of one shapefile: `${base}.shp`, `.shx`, `.dbf` and, when given, `.prj`. */
export function shapefileFiles(
  base: string,
  records: number[][][][],
  fields: { name: string; type: 'C' | 'N'; length: number; decimals?: number }[],
  rows: (string | number)[][],
  prj?: string,
): { name: string; bytes: Uint8Array }[] {
  const { shp, shx } = makeShp(records);
  const files = [
    { name: `${base}.shp`, bytes: shp },
    { name: `${base}.shx`, bytes: shx },
    { name: `${base}.dbf`, bytes: makeDbf(fields, rows) },
  ];
  if (prj !== undefined) files.push({ name: `${base}.prj`, bytes: new TextEncoder().encode(prj) });
  return files;
}
