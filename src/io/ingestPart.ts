/**
 * One police.uk street CSV read on its own (in another thread), to be absorbed into a
 * CrimeIngest as if it had been read there, in its place among the files (CrimeIngest.absorb).
 *
 * What makes that exact: a file's rows, dictionaries, accounting and messages depend on the
 * files before it only through cross-file duplicate rows (a row byte-identical to a row of an
 * earlier file is rejected as 'duplicate-row'). So the part carries every row key the parser
 * asked the duplicate set about (RecordingRowHashSet), in order; absorbing replays them against
 * the session's set. When none is a duplicate, the part is exactly what reading the file there
 * would have given, and its rows are appended with their dictionary values re-interned in first-
 * seen order (the order reading would have interned them). When one is, the part is refused and
 * the caller reads the file in place instead. Only police.uk street CSVs are read this way:
 * generic CSVs and API JSON share id sets across files.
 */
import type { CrimeTable, FileReport, IngestMessage } from '../core/types.ts';
import { RowHashSet } from './rowHashSet.ts';
import type { AccountExtras } from './fileAccount.ts';

export interface IngestedPart {
  name: string;
  /** The file's rows alone (x, y filled when projected in the thread: the session keeps them). */
  table: CrimeTable;
  report: FileReport;
  messages: IngestMessage[];
  /** (h1, h2, space, bucket) of every seenElsewhere call the parser made, in order. */
  keys: Int32Array;
  keyCount: number;
  /** The file's account beyond its report (CrimeIngest.absorbRest merges it). */
  account?: AccountExtras;
}

/** A RowHashSet that also records the keys it is asked about (for IngestedPart.keys). */
export class RecordingRowHashSet extends RowHashSet {
  keys = new Int32Array(4 * 4096);
  keyCount = 0;

  override seenElsewhere(h1: number, h2: number, file: number, space: number, bucket: number): boolean {
    let k = this.keys;
    if (4 * (this.keyCount + 1) > k.length) {
      const g = new Int32Array(k.length * 2);
      g.set(k);
      this.keys = k = g;
    }
    const o = 4 * this.keyCount++;
    k[o] = h1;
    k[o + 1] = h2;
    k[o + 2] = space;
    k[o + 3] = bucket;
    return super.seenElsewhere(h1, h2, file, space, bucket);
  }

  override holder(): number {
    throw new Error('generic CSVs are not read in parts (their ids are shared across files)');
  }
}
