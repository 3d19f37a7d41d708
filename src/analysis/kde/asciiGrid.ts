/**
 * ESRI ASCII grid (.asc) writer and reader, for handing surfaces to QGIS/ArcGIS.
 * Header: ncols, nrows, xllcorner, yllcorner (LOWER-LEFT CORNER of the lower-left cell, i.e.
 * grid.x0/y0), cellsize, NODATA_value. Data rows run from NORTH to south (the file's first row
 * is our row ny − 1, since our row 0 is the southern row). Non-finite values are written as NODATA.
 */
import type { GridSpec } from './grid.ts';

export function toAsciiGrid(
  values: ArrayLike<number>,
  grid: GridSpec,
  opts: { nodata?: number; decimals?: number } = {},
): string {
  return new TextDecoder().decode(toAsciiGridBytes(values, grid, opts));
}

/**
 * toAsciiGrid's text as ASCII bytes, written straight into one buffer (the CLI writes it to the
 * file as is). Each value is `String(+v.toFixed(decimals))`: the value rounded to `decimals`
 * places (halves away from zero), written in the fewest digits, without trailing zeros (0 for
 * a value that rounds to zero, either sign). formatCell does that without making strings when it
 * can prove the same result, else calls toFixed (test/kde/asciiGrid.test.ts compares both).
 */
export function toAsciiGridBytes(
  values: ArrayLike<number>,
  grid: GridSpec,
  opts: { nodata?: number; decimals?: number } = {},
): Uint8Array {
  const nodata = opts.nodata ?? -9999;
  const decimals = opts.decimals ?? 6;
  if (values.length !== grid.nx * grid.ny)
    throw new RangeError(`expected ${grid.nx * grid.ny} values, got ${values.length}`);
  const head = [
    `ncols ${grid.nx}`,
    `nrows ${grid.ny}`,
    `xllcorner ${grid.x0}`,
    `yllcorner ${grid.y0}`,
    `cellsize ${grid.cell}`,
    `NODATA_value ${nodata}`,
  ].join('\n');
  const w = new ByteWriter(head.length + 16 + grid.nx * grid.ny * (decimals + 10));
  w.text(head);
  const nodataText = String(nodata);
  const scale = 10 ** decimals;
  for (let row = grid.ny - 1; row >= 0; row--) {
    w.byte(10);
    for (let col = 0; col < grid.nx; col++) {
      if (col) w.byte(32);
      const v = values[row * grid.nx + col];
      if (!Number.isFinite(v)) w.text(nodataText);
      else formatCell(w, v, decimals, scale);
    }
  }
  w.byte(10);
  return w.bytes();
}

/** Appends ASCII to a growing byte buffer. */
class ByteWriter {
  private buf: Uint8Array;
  len = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }
  byte(b: number): void {
    if (this.len === this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
  }
  text(s: string): void {
    if (this.len + s.length > this.buf.length) this.grow(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }
  /** Room for n more bytes. */
  room(n: number): Uint8Array {
    if (this.len + n > this.buf.length) this.grow(n);
    return this.buf;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
  private grow(n: number): void {
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
}

/**
 * Writes String(+v.toFixed(decimals)) for a finite v. Fast path, exact: |v| · 10^decimals
 * below 2^40 (≈ 1.1e12), where the product's rounding error is under 2^-12, so unless its
 * fraction is within 2^-10 of a half, the integer n nearest the exact product is the rounded
 * product; n / 10^decimals has at most 13 significant digits, so the double nearest it prints
 * as exactly those digits (any decimal of ≤ 15 digits round-trips), trailing zeros dropped.
 * and, with at most 6 decimals, a non-zero result is at least 1e-6, which JS prints without an
 * exponent. Anything else (huge values, near-halves, more than 6 decimals) goes through toFixed.
 */
function formatCell(w: ByteWriter, v: number, decimals: number, scale: number): void {
  if (v === 0) {
    w.byte(48);
    return;
  }
  const a = v < 0 ? -v : v;
  const p = a * scale;
  const fl = Math.floor(p);
  const frac = p - fl;
  if (decimals > 6 || p >= 2 ** 40 || Math.abs(frac - 0.5) < 2 ** -10) {
    w.text(String(+v.toFixed(decimals)));
    return;
  }
  const n = frac > 0.5 ? fl + 1 : fl;
  if (n === 0) {
    w.byte(48);
    return;
  }
  const buf = w.room(32);
  let at = w.len;
  if (v < 0) buf[at++] = 45;
  let ip = Math.floor(n / scale);
  let fp = n - ip * scale; // < scale ≤ 10^6: an int32
  // Integer part, most significant digit first (int32 arithmetic when it fits).
  const start = at;
  if (ip < 2 ** 31) {
    let i = ip | 0;
    do {
      const q = (i / 10) | 0;
      buf[at++] = 48 + i - q * 10;
      i = q;
    } while (i > 0);
  } else
    do {
      buf[at++] = 48 + (ip % 10);
      ip = Math.floor(ip / 10);
    } while (ip > 0);
  buf.subarray(start, at).reverse();
  if (fp > 0) {
    buf[at++] = 46;
    let end = at + decimals;
    fp |= 0;
    for (let k = end - 1; k >= at; k--) {
      const q = (fp / 10) | 0;
      buf[k] = 48 + fp - q * 10;
      fp = q;
    }
    while (buf[end - 1] === 48) end--;
    at = end;
  }
  w.len = at;
}

/** Parse an ESRI ASCII grid back to our convention (row 0 = south; NODATA → NaN). Corner headers only. */
export function parseAsciiGrid(text: string): { values: Float64Array; grid: GridSpec; nodata: number } {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const head = new Map<string, number>();
  let p = 0;
  while (p + 1 < tokens.length && /^[a-z_]+$/i.test(tokens[p])) {
    head.set(tokens[p].toLowerCase(), Number(tokens[p + 1]));
    p += 2;
  }
  const nx = head.get('ncols');
  const ny = head.get('nrows');
  const x0 = head.get('xllcorner');
  const y0 = head.get('yllcorner');
  const cell = head.get('cellsize');
  const nodata = head.get('nodata_value') ?? -9999;
  if (nx === undefined || ny === undefined || x0 === undefined || y0 === undefined || cell === undefined) {
    throw new Error('not an ESRI ASCII grid with ncols, nrows, xllcorner, yllcorner, cellsize');
  }
  if (tokens.length - p !== nx * ny) throw new Error(`expected ${nx * ny} values, found ${tokens.length - p}`);
  const values = new Float64Array(nx * ny);
  for (let r = 0; r < ny; r++) {
    const row = ny - 1 - r;
    for (let col = 0; col < nx; col++) {
      const v = Number(tokens[p++]);
      values[row * nx + col] = v === nodata ? NaN : v;
    }
  }
  return { values, grid: { x0, y0, cell, nx, ny }, nodata };
}
