/**
 * State shared by every file of one ingest: the one table being built, the byte-string
 * caches over its dictionaries, and what duplicate detection has seen so far.
 */
import { POLICE_UK_CATEGORIES, canonicalCategory } from '../core/categories.ts';
import { monthIndex } from '../core/months.ts';
import { CrimeTableBuilder } from './tableBuilder.ts';
import { ByteInterner } from './byteInterner.ts';
import { RowHashSet } from './rowHashSet.ts';

export interface IngestContext {
  readonly builder: CrimeTableBuilder;
  /** Raw-row hashes of every well-formed CSV row read, with the file that first held each (replaced by CrimeIngest.startDuplicateScope). */
  rowHashes: RowHashSet;
  /** police.uk API record ids seen (any file). */
  readonly apiIds: Set<string>;
  /** Generic-CSV ids seen (mapping.id), any file. */
  readonly genericIds: Set<string>;
  /** Ids added by the file being read, so that a dropped file leaves no trace. */
  readonly fileIds: [Set<string>, string][];
  /** Last month that is not in the future (month index of `now`). */
  nowMonth: number;
  /**
   * Whether police.uk street CSVs' Location and LSOA code are kept (true unless the ingest was
   * made with `names: false`: `cubes` counts by ward, month, category and cell only, and every
   * row's location and LSOA are then '').
   */
  names: boolean;
  readonly locations: ByteInterner;
  readonly lsoas: ByteInterner;
  readonly forces: ByteInterner;
  /** police.uk crime type bytes → category index, or -1 when not a police.uk category. */
  readonly policeCategories: ByteInterner;
}

export function monthOfDate(d: Date): number {
  return monthIndex(d.getFullYear(), d.getMonth() + 1);
}

export function createIngestContext(
  now: Date = new Date(),
  capacity = 1 << 16,
  rowHashes: RowHashSet = new RowHashSet(capacity),
): IngestContext {
  const builder = new CrimeTableBuilder(capacity, POLICE_UK_CATEGORIES);
  return {
    builder,
    rowHashes,
    apiIds: new Set(),
    genericIds: new Set(),
    fileIds: [],
    nowMonth: monthOfDate(now),
    names: true,
    locations: new ByteInterner((t) => builder.locations.intern(t), 4096),
    lsoas: new ByteInterner((t) => builder.lsoas.intern(t), 4096),
    forces: new ByteInterner((t) => builder.forces.intern(t), 16),
    policeCategories: new ByteInterner((t) => {
      const c = canonicalCategory(t);
      return c === null ? -1 : builder.categories.intern(c);
    }, 64),
  };
}

/** Reset the per-file Windows-1252 flags of the caches; returns whether any was set. */
export function takeWindows1252(ctx: IngestContext): boolean {
  let any = false;
  for (const i of [ctx.locations, ctx.lsoas, ctx.forces, ctx.policeCategories]) {
    if (i.sawWindows1252) any = true;
    i.sawWindows1252 = false;
  }
  return any;
}
