/**
 * Byte → text decoding for crime files: UTF-8 when the bytes are valid UTF-8,
 * otherwise Windows-1252 (what Excel on Windows writes as "CSV"). A UTF-8 BOM is
 * stripped. Windows-1252 is decoded with our own table, so the result does not depend
 * on the ICU build of the runtime (Node small-icu, browsers, workers all agree).
 *
 * Rule: the choice is made per piece of text decoded (a whole file for JSON, one field
 * for CSV). Text that happens to be valid UTF-8 is read as UTF-8; Windows-1252 text with
 * accented letters is practically never valid UTF-8 (é = E9 alone is an invalid lead byte).
 */

export type TextEncoding = 'utf-8' | 'windows-1252';

/** Windows-1252 code points for bytes 0x80–0x9F (undefined bytes map to U+FFFD). */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd,
  0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0xfffd, 0x017e, 0x0178,
];

const utf8 = new TextDecoder('utf-8');

/** True if bytes[start, end) is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF). */
export function isValidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return false;
    if (i + need >= end) return false; // truncated sequence
    const b1 = bytes[i + 1];
    if (b1 < lo || b1 > hi) return false;
    for (let k = 2; k <= need; k++) {
      const bk = bytes[i + k];
      if (bk < 0x80 || bk > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

/** Decode bytes[start, end) as Windows-1252. */
export function decodeWindows1252(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const parts: string[] = [];
  const codes: number[] = [];
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    codes.push(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b);
    if (codes.length === 8192) {
      parts.push(String.fromCharCode(...codes));
      codes.length = 0;
    }
  }
  parts.push(String.fromCharCode(...codes));
  return parts.join('');
}

/** Whether bytes[start, end) holds only ASCII. */
export function isAscii(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

/** Length of a UTF-8 BOM at the start of bytes (0 or 3). */
export function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/**
 * Decode a slice: ASCII and valid UTF-8 as UTF-8, anything else as Windows-1252.
 * Does not strip a BOM (use decodeText for whole files).
 */
export function decodeSlice(bytes: Uint8Array, start: number, end: number): { text: string; encoding: TextEncoding } {
  if (isAscii(bytes, start, end)) {
    let s = '';
    // Short ASCII strings: fromCharCode is faster than a TextDecoder call.
    if (end - start <= 64) {
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
      return { text: s, encoding: 'utf-8' };
    }
    return { text: utf8.decode(bytes.subarray(start, end)), encoding: 'utf-8' };
  }
  if (isValidUtf8(bytes, start, end)) return { text: utf8.decode(bytes.subarray(start, end)), encoding: 'utf-8' };
  return { text: decodeWindows1252(bytes, start, end), encoding: 'windows-1252' };
}

/** Decode a whole file: strip a UTF-8 BOM, then UTF-8 if valid, else Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  return decodeSlice(bytes, bomLength(bytes), bytes.length);
}
