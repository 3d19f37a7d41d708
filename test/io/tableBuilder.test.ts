import { describe, expect, it } from 'vitest';
import { CrimeTableBuilder, concatTables } from '../../src/io/tableBuilder.ts';
import type { CrimeTable } from '../../src/core/types.ts';

/** A builder of `n` rows whose every column is a distinct function of the row. */
function filled(n: number, tag: string, capacity = 16): CrimeTableBuilder {
  const b = new CrimeTableBuilder(capacity);
  const cat = [b.categories.intern(`${tag}-a`), b.categories.intern(`${tag}-b`)];
  const loc = [
    b.locations.intern(`On or near ${tag} Road`),
    b.locations.intern(`On or near ${tag} Street`),
    b.locations.intern(''),
  ];
  const ls = b.lsoas.intern(`E0100${tag}`);
  const fo = b.forces.intern(`${tag} Police`);
  const so = b.sources.intern(`${tag}.csv`);
  for (let i = 0; i < n; i++)
    b.push(
      -0.1 - i / 1e4,
      51.5 + i / 1e4,
      i % 3 ? NaN : 530000 + i,
      180000 + i,
      24000 + (i % 24),
      cat[i % 2],
      1 + (i % 2),
      loc[i % 3],
      ls,
      fo,
      so,
      i + 2,
    );
  return b;
}

function rows(t: CrimeTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++)
    out.push(
      [
        t.lon[i],
        t.lat[i],
        t.x[i],
        t.y[i],
        t.month[i],
        t.categories[t.category[i]],
        t.weight[i],
        t.locations[t.location[i]],
        t.lsoas[t.lsoa[i]],
        t.forces[t.force[i]],
        t.sources[t.source[i]],
        t.line[i],
      ].join('|'),
    );
  return out;
}

describe('CrimeTableBuilder', () => {
  it('finish gives exact-length columns that later pushes and rewinds never change', () => {
    const b = filled(1000, 'A');
    const t = b.finish();
    expect(t.length).toBe(1000);
    for (const col of [
      t.lon,
      t.lat,
      t.x,
      t.y,
      t.month,
      t.category,
      t.weight,
      t.location,
      t.lsoa,
      t.force,
      t.source,
      t.line,
    ])
      expect(col.length).toBe(1000);
    const before = rows(t);
    // A file dropped part-way rewinds to where it began (here: the finished length), then more rows.
    for (let i = 0; i < 50; i++) b.push(9, 9, 9, 9, 1, 0, 1, 0, 0, 0, 0, 1);
    b.length = 1000;
    for (let i = 0; i < 700; i++) b.push(8, 8, 8, 8, 2, 0, 1, 0, 0, 0, 0, 2);
    expect(rows(t)).toEqual(before);
    const t2 = b.finish();
    expect(t2.length).toBe(1700);
    expect(rows(t2).slice(0, 1000)).toEqual(before);
    expect(t2.lon[1699]).toBe(8);
  });

  it('grows from a finished (full) builder and from capacity 0 rows', () => {
    const b = new CrimeTableBuilder(16);
    expect(b.finish().length).toBe(0);
    b.push(1, 2, NaN, NaN, 3, 0, 1, 0, 0, 0, 0, 5);
    const t = b.finish();
    expect(t.length).toBe(1);
    expect(Number.isNaN(t.x[0])).toBe(true);
    expect(t.line[0]).toBe(5);
  });

  it('appendRows gives what pushing the rows one by one gives, dictionaries re-interned', () => {
    const a = filled(300, 'A').finish();
    const c = filled(500, 'C').finish();
    // One by one, as concatenation did before appendRows.
    const slow = new CrimeTableBuilder(16);
    for (const t of [a, c]) {
      const cat = t.categories.map((v) => slow.categories.intern(v));
      const loc = t.locations.map((v) => slow.locations.intern(v));
      const ls = t.lsoas.map((v) => slow.lsoas.intern(v));
      const fo = t.forces.map((v) => slow.forces.intern(v));
      const so = t.sources.map((v) => slow.sources.intern(v));
      for (let i = 0; i < t.length; i++)
        slow.push(
          t.lon[i],
          t.lat[i],
          t.x[i],
          t.y[i],
          t.month[i],
          cat[t.category[i]],
          t.weight[i],
          loc[t.location[i]],
          ls[t.lsoa[i]],
          fo[t.force[i]],
          so[t.source[i]],
          t.line[i],
        );
    }
    const fast = concatTables([a, c]);
    const want = slow.finish();
    expect(rows(fast)).toEqual(rows(want));
    expect(fast.categories).toEqual(want.categories);
    expect(fast.locations).toEqual(want.locations);
    expect(fast.sources).toEqual(want.sources);
    // NaN x (not yet projected) survives the column copy.
    expect(Number.isNaN(fast.x[301])).toBe(true);
  });

  it('reserve grows once to at least the rows asked for, keeping the rows', () => {
    const b = filled(100, 'A', 100);
    b.reserve(1000);
    expect(rows(b.finish()).length).toBe(100);
    b.reserve(5000);
    for (let i = 0; i < 4900; i++) b.push(0, 0, NaN, NaN, 1, 0, 1, 0, 0, 0, 0, i);
    const t = b.finish();
    expect(t.length).toBe(5000);
    expect(rows(t).slice(0, 100)).toEqual(rows(filled(100, 'A').finish()));
  });
});
