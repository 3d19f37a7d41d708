/**
 * police.uk map-point cache. police.uk snaps every crime to one of ~750k anonymous map
 * points, and a map point always comes with the same Location and LSOA, so the bytes
 * "Longitude,Latitude,Location,LSOA code" of a row repeat exactly, ~10 times each in a
 * London year. This cache keys on those bytes (one word-at-a-time hash and compare per
 * row) and keeps what the row logic derives from them: the parsed and classified
 * coordinates (coordinates.ts), and the Location / LSOA dictionary indexes once a row with
 * that point has been accepted. Everything stored is a function of the key bytes alone,
 * so results are identical to parsing every row.
 */
import { ByteTable } from './byteInterner.ts';

/** Point outcomes, beyond coordinates.ts's COORD_* kinds (0 ok … 4 null island). */
export const POINT_NO_COORDINATES = 5;
export const POINT_ONE_BLANK = 6;

/** Fields of a point record (8 doubles = one 64-byte cache line per point). */
export const P_LON = 0;
export const P_LAT = 1;
export const P_X = 2;
export const P_Y = 3;
/** COORD_* kind or POINT_*. */
export const P_KIND = 4;
/** 1 when the key has a byte ≥ 0x80: its strings are looked up every time (encoding flags). */
export const P_HIGH = 5;
/** Dictionary indexes, -1 until a row with this point is accepted. */
export const P_LOCATION = 6;
export const P_LSOA = 7;

export class MapPointCache {
  readonly table = new ByteTable(1 << 14);
  count = 0;
  /** Record of point k at [8k, 8k + 8). */
  rec = new Float64Array(8 * 1024);

  /** A new point id (its fields to be filled by the caller). */
  push(): number {
    const k = this.count++;
    if (8 * k === this.rec.length) {
      const b = new Float64Array(this.rec.length * 2);
      b.set(this.rec);
      this.rec = b;
    }
    this.rec[8 * k + P_LOCATION] = -1;
    this.rec[8 * k + P_LSOA] = -1;
    return k;
  }
}
