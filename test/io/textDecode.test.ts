import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeSlice, decodeText, decodeWindows1252, isValidUtf8 } from '../../src/io/textDecode.ts';

describe('textDecode', () => {
  it('strips a UTF-8 BOM and decodes UTF-8', () => {
    const r = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x43, 0x61, 0x66, 0xc3, 0xa9]));
    expect(r).toEqual({ text: 'Café', encoding: 'utf-8' });
  });

  it('reads invalid UTF-8 as Windows-1252 (é, £, €, curly quotes)', () => {
    // "Café £5 €" + ’ in Windows-1252
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0xa3, 0x35, 0x20, 0x80, 0x92]);
    expect(decodeText(bytes)).toEqual({ text: 'Café £5 €’', encoding: 'windows-1252' });
  });

  it('Windows-1252 matches the WHATWG index (independent of the runtime ICU)', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const ours = decodeWindows1252(all);
    // Spot values of 0x80–0x9F from the WHATWG windows-1252 index; elsewhere Latin-1.
    const high: Record<number, string> = {
      0x80: '€',
      0x85: '…',
      0x8a: 'Š',
      0x8c: 'Œ',
      0x91: '‘',
      0x92: '’',
      0x93: '“',
      0x96: '–',
      0x97: '—',
      0x99: '™',
      0x9f: 'Ÿ',
    };
    for (const [b, c] of Object.entries(high)) expect(ours[+b]).toBe(c);
    for (let i = 0; i < 256; i++) if (i < 0x80 || i >= 0xa0) expect(ours.charCodeAt(i)).toBe(i);
    expect(ours.length).toBe(256);
  });

  it('isValidUtf8 agrees with a fatal TextDecoder on arbitrary bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const valid = (b: Uint8Array) => {
      try {
        fatal.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => isValidUtf8(b) === valid(b)),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => isValidUtf8(new TextEncoder().encode(s))));
    // overlong, surrogate, > U+10FFFF, truncated
    for (const b of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ])
      expect(isValidUtf8(new Uint8Array(b))).toBe(false);
  });

  it('decodeSlice decodes only the slice', () => {
    const b = new TextEncoder().encode('xxHéllo');
    expect(decodeSlice(b, 2, b.length).text).toBe('Héllo');
  });
});
