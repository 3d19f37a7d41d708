import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimalBytes, parseMonthBytes } from '../../src/io/byteNumbers.ts';
import { parseMonth } from '../../src/core/months.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const num = (s: string) => {
  const b = enc(s);
  return parseDecimalBytes(b, 0, b.length);
};

describe('parseDecimalBytes', () => {
  it('is bit-identical to Number() for decimals (fast path and fallback)', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,18}$/), fc.option(fc.stringMatching(/^\d{0,18}$/)))
      .map(([s, i, f]) => s + i + (f === null ? '' : '.' + f));
    fc.assert(
      fc.property(decimal, (s) => Object.is(num(s), Number(s))),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) =>
        Object.is(num(String(d)), Number(String(d))),
      ),
    );
  });

  it('reads police.uk coordinates exactly', () => {
    expect(num('-0.145330')).toBe(-0.14533);
    expect(num('51.590822')).toBe(51.590822);
    expect(num(' 51.5 ')).toBe(51.5);
    expect(num('.5')).toBe(0.5);
    expect(num('1e3')).toBe(1000);
  });

  it('gives NaN for text that is not a decimal', () => {
    for (const s of ['', ' ', '-', '.', 'abc', '0x10', 'Infinity', '51,5', '1.2.3', 'NaN', '12a'])
      expect(num(s), s).toBeNaN();
  });
});

describe('parseMonthBytes', () => {
  it('agrees with parseMonth', () => {
    for (const s of [
      '2017-01',
      '2018-12',
      '2018-13',
      '2018-00',
      '1989-12',
      '2101-01',
      '2018/05',
      '05/2018',
      '2018-5',
      'x018-05',
      '2018-0a',
      '',
      '20180-5',
    ]) {
      const b = enc(s);
      expect(parseMonthBytes(b, 0, b.length), s).toBe(parseMonth(s));
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (s) => {
        const b = enc(s);
        return parseMonthBytes(b, 0, b.length) === parseMonth(s);
      }),
    );
  });
});
