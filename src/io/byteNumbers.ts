/**
 * Numbers and months straight from bytes, without making a string first.
 * The fast paths give bit-identical results to Number()/parseMonth(): a decimal with at
 * most 15 significant digits is an exact integer mantissa divided by an exact power of
 * ten, which IEEE division rounds correctly (Clinger's fast path). Anything else (exponents,
 * spaces, long mantissas) falls back to the string functions.
 */
import { monthIndex, parseMonth } from '../core/months.ts';
import { decodeSlice } from './textDecode.ts';

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A plain decimal number in bytes[s, e) (surrounding spaces allowed), or NaN. Blank → NaN. */
export function parseDecimalBytes(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (i < e && (buf[i] === 45 || buf[i] === 43)) {
    neg = buf[i] === 45;
    i++;
  }
  let m = 0;
  let digits = 0;
  let frac = 0;
  let any = false;
  for (; i < e; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) break;
    if (m !== 0 || d !== 0) digits++;
    m = m * 10 + d;
    any = true;
  }
  if (i < e && buf[i] === 46) {
    for (i++; i < e; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      if (m !== 0 || d !== 0) digits++;
      m = m * 10 + d;
      frac++;
      any = true;
    }
  }
  if (i === e && any && digits <= 15 && frac <= 22) {
    const v = frac === 0 ? m : m / POW10[frac];
    return neg ? -v : v;
  }
  return parseDecimalText(decodeSlice(buf, s, e).text);
}

/** String fallback: decimal notation with optional exponent; no hex, no Infinity. */
export function parseDecimalText(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** Month index of bytes[s, e) ("YYYY-MM" fast, other forms via parseMonth), or -1. */
export function parseMonthBytes(buf: Uint8Array, s: number, e: number): number {
  if (e - s === 7 && buf[s + 4] === 45) {
    const y0 = buf[s] - 48,
      y1 = buf[s + 1] - 48,
      y2 = buf[s + 2] - 48,
      y3 = buf[s + 3] - 48;
    const m0 = buf[s + 5] - 48,
      m1 = buf[s + 6] - 48;
    if (y0 >>> 0 <= 9 && y1 >>> 0 <= 9 && y2 >>> 0 <= 9 && y3 >>> 0 <= 9 && m0 >>> 0 <= 9 && m1 >>> 0 <= 9) {
      const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const m = m0 * 10 + m1;
      return m >= 1 && m <= 12 && y >= 1990 && y <= 2100 ? monthIndex(y, m) : -1;
    }
  }
  return parseMonth(decodeSlice(buf, s, e).text);
}
