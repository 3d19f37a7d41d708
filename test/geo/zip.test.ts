import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw, readZip } from '../../src/io/zip.ts';
import { gunzip } from '../../src/io/gzip.ts';
import { crc32 } from '../../src/io/crc32.ts';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { makeZip } from './fileBuilders.ts';

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('inflateRaw against node:zlib', () => {
  const r = rng(3);
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['text', new TextEncoder().encode('GSS_CODE,NAME\n'.repeat(500) + 'Harringay ward, not Haringey')],
    ['random bytes (stored blocks)', Uint8Array.from({ length: 70000 }, () => Math.floor(r() * 256))],
    [
      'low-entropy bytes (dynamic Huffman, long matches)',
      Uint8Array.from({ length: 200000 }, (_, i) => (i % 97 < 50 ? 65 + (i % 7) : Math.floor(r() * 4))),
    ],
    ['single byte (fixed Huffman)', Uint8Array.of(42)],
  ];
  for (const [name, data] of cases) {
    for (const level of [0, 1, 9]) {
      it(`${name}, level ${level}`, () => {
        const z = new Uint8Array(deflateRawSync(data, { level }));
        expect(Buffer.from(inflateRaw(z)).equals(Buffer.from(data))).toBe(true);
      });
    }
  }
  it('truncated data throws', () => {
    const z = new Uint8Array(deflateRawSync(new TextEncoder().encode('x'.repeat(1000) + 'abc'.repeat(999))));
    expect(() => inflateRaw(z.subarray(0, z.length >> 1))).toThrow();
  });
});

describe('readZip', () => {
  it('reads deflated and stored members, skipping directories', () => {
    const a = new TextEncoder().encode('hello '.repeat(100));
    const b = Uint8Array.of(1, 2, 3);
    for (const deflate of [true, false]) {
      const z = makeZip(
        [
          { name: 'dir/a.txt', bytes: a },
          { name: 'b.bin', bytes: b },
          { name: 'dir/', bytes: new Uint8Array(0) },
        ],
        deflate,
      );
      const out = readZip(z);
      expect(out.map((e) => e.name)).toEqual(['dir/a.txt', 'b.bin']);
      expect(Buffer.from(out[0].bytes).equals(Buffer.from(a))).toBe(true);
      expect(Array.from(out[1].bytes)).toEqual([1, 2, 3]);
    }
  });
  it('rejects a non-zip', () => {
    expect(() => readZip(new TextEncoder().encode('{"type":"FeatureCollection"}'))).toThrow(/not a ZIP/);
  });
});

describe('CRC-32 checks (fflate decodes, we check)', () => {
  const text = new TextEncoder().encode('E05000266,Alexandra,12757\n'.repeat(400));
  it('crc32 agrees with node:zlib', () => {
    for (const b of [new Uint8Array(0), Uint8Array.of(0), text]) expect(crc32(b)).toBe(nodeCrc32(b));
  });
  it('a ZIP member whose CRC-32 does not match is an error naming it', () => {
    for (const deflate of [true, false]) {
      const z = makeZip([{ name: 'wards.dbf', bytes: text }], deflate);
      const bad = z.slice();
      // Flip one bit of the member's CRC in the central directory (offset 16 of its header).
      const cd = bad.length - 22 - (46 + 'wards.dbf'.length);
      bad[cd + 16] ^= 1;
      expect(readZip(z)[0].bytes).toEqual(text);
      expect(() => readZip(bad)).toThrow(/wards\.dbf is corrupt/);
    }
  });
  it('a stored ZIP member with a damaged byte fails its CRC', () => {
    const z = makeZip([{ name: 'a.txt', bytes: text }], false);
    const bad = z.slice();
    bad[30 + 'a.txt'.length + 10] ^= 0x20;
    expect(() => readZip(bad)).toThrow(/a\.txt is corrupt/);
  });
  it('gzip: the trailer CRC and length are checked', () => {
    const gz = new Uint8Array(gzipSync(text));
    expect(gunzip(gz)).toEqual(text);
    const badCrc = gz.slice();
    badCrc[gz.length - 8] ^= 1;
    expect(() => gunzip(badCrc, 'pop.csv.gz')).toThrow(/pop\.csv\.gz: gzip data is truncated or corrupt/);
    expect(() => gunzip(gz.subarray(0, gz.length >> 1), 'pop.csv.gz')).toThrow(/truncated or corrupt/);
  });
});
