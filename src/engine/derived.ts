/**
 * The derivation graph of the engine: every product derived from the session's inputs
 * (engine/inputs.ts), each declared ONCE below with its inputs, which are its memo key.
 *
 *   files ──► ingest ──► table ─┬─► coverage ──► window ◄── filter
 *                               ├─► unique points                │
 *   boundary files ──► wards ─┬─┼─► ward index ─┐                ▼
 *                             │ └──────────────►├─► ward of row, cube ─► selection ─► bins, merged points
 *                             ├─► study area    │       │   └─► loaded types, outside count
 *                             └─► unprojector   └─► centre-ward lattice ─► study mask ◄── grid
 *   population table ──► population for the window's last year ◄── window
 *
 * Nothing is invalidated by hand: a product is recomputed when its key no longer matches
 * (memo.ts), so a new table, new wards or a new filter simply miss. Pure functions of their
 * keys (typed arrays, no DOM); the stages of a run (stages.ts, density.ts) take them as inputs.
 */
import { bngUnprojector } from '../core/bng.ts';
import { southToNorth, uniquePoints, type UniquePoints } from '../core/uniquePoints.ts';
import type { CrimeTable, WardSet } from '../core/types.ts';
import { readPopulationWithReport } from '../io/population.ts';
import { CentreWards, CornerWards } from '../analysis/centreWards.ts';
import { buildCube, type CountCube } from '../analysis/cube.ts';
import { WardIndex } from '../analysis/wardIndex.ts';
import { binPoints, type LatticeBins } from '../analysis/kde/binned.ts';
import { mergePoints, type MergedPoints } from '../analysis/kde/kde.ts';
import type { GridSpec } from '../analysis/kde/grid.ts';
import { byIdentity, Memo } from './memo.ts';
import { wardsBbox, type Box } from './geometry.ts';
import type { PopulationInput } from './inputs.ts';
import type { CubeTable } from './cubeInput.ts';

/** Selections, bins and merged points kept: the window and its comparison window. */
const SELECTIONS_KEPT = 2;
/** Centre-ward lattices kept: two cell sizes, so that going back and forth between two bandwidths finds both. */
const CENTRE_WARDS_KEPT = 2;
/** Metres around the wards' extent covered by the one BNG → WGS84 lattice (see unprojector). */
const UNPROJECT_MARGIN = 20_000;

export interface Coverage {
  first: number;
  last: number;
  missing: number[];
}
/** Rows selected by a filter and window: indexes into the crime table, in table order. */
export interface Selection {
  rows: Uint32Array;
  from: number;
  to: number;
  /** The filter's category mask (filter.ts categoryMask). */
  mask: Uint8Array;
}
export interface Assignment {
  /** Ward of every row, -1 outside every ward. */
  wardOfRow: Int32Array;
  /** Ward × category × month counts. */
  cube: CountCube;
}
type ToLonLat = (x: number, y: number) => [number, number];
type T = CrimeTable;

export class DerivedProducts {
  /** Binning passes made and bins re-used (the bench and tests read them). */
  readonly binStats = { passes: 0, reused: 0 };

  // ── The graph: product ← inputs (= key), how many kept ──────────────────────────────────────
  /** ward index ← wards */
  private readonly index = byIdentity((w: WardSet) => WardIndex.build(w));
  /** ward of row, cube ← table, ward index, wards */
  private readonly assignments = new Memo(
    (k: { t: T; ix: WardIndex; w: WardSet }) => assign(k.t, k.ix, k.w),
    (a, b) => a.t === b.t && a.ix === b.ix && a.w === b.w,
  );
  /** ward of row and cube ← an opened cube (its wards as given, not re-assigned) */
  private readonly cubeAssignments = byIdentity((c: CubeTable): Assignment => ({
    wardOfRow: c.wardOfRow,
    cube: buildCube(c.wardOfRow, c.table.month, c.table.category, null, c.wards.count, c.table.categories.length),
  }));
  /** coverage ← table */
  private readonly coverage = byIdentity(coverageOf);
  /** unique points ← table */
  private readonly unique = byIdentity((t: T) => southToNorth(uniquePoints(t.x, t.y), 50));
  /** outside count ← ward of row */
  private readonly outside = byIdentity(countOutside);
  /** study area (km²) ← wards: the one place the wards' areas are summed */
  private readonly studyArea = byIdentity((w: WardSet) => w.area.reduce((a, b) => a + b, 0) / 1e6);
  /** loaded types ← cube (and the table's category names) */
  private readonly types = new Memo(
    (k: { cube: CountCube; t: T }) => typesInCube(k.cube, k.t),
    (a, b) => a.cube === b.cube,
  );
  /** population ← population table, year of the window's last month (2 kept) */
  private readonly population = new Memo(
    (k: { p: PopulationInput; year: number }) => populationOfYear(k.p, k.year),
    (a, b) => a.p === b.p && a.year === b.year,
    2,
  );
  /** selection ← table, ward of row, filter's category mask, window (2 kept: window and comparison) */
  private readonly selections = new Memo(
    (k: { t: T; wardOfRow: Int32Array; mask: Uint8Array; from: number; to: number }) =>
      selectRows(k.t, k.wardOfRow, k.mask, k.from, k.to),
    (a, b) =>
      a.t === b.t && a.wardOfRow === b.wardOfRow && a.from === b.from && a.to === b.to && sameValues(a.mask, b.mask),
    SELECTIONS_KEPT,
  );
  /** bins ← table, selected rows (by content), cell, weighting; not bandwidth or kernel (2 kept). null over the lattice budget */
  private readonly bins = new Memo(
    (k: { t: T; rows: Uint32Array; cell: number; weighted: boolean }) =>
      this.countPass(binPoints(k.t.x, k.t.y, k.weighted ? k.t.weight : null, k.cell, k.rows)),
    (a, b) => a.t === b.t && a.cell === b.cell && a.weighted === b.weighted && sameValues(a.rows, b.rows),
    SELECTIONS_KEPT,
  );
  /** merged points ← unique points, selected rows (by content), weighting (2 kept) */
  private readonly merged = new Memo(
    (k: { t: T; rows: Uint32Array; weighted: boolean }) =>
      mergePoints(this.uniquePoints(k.t), k.rows, k.weighted ? k.t.weight : null),
    (a, b) => a.t === b.t && a.weighted === b.weighted && sameValues(a.rows, b.rows),
    SELECTIONS_KEPT,
  );
  /** centre-ward lattice ← ward index, wards' extent, cell (2 kept: two bandwidths back and forth) */
  private readonly lattices = new Memo(
    (k: { ix: WardIndex; w: WardSet; cell: number }) =>
      CentreWards.around(wardsBbox(k.w), k.cell, (x, y) => k.ix.wardAt(x, y)),
    (a, b) => a.ix === b.ix && a.cell === b.cell,
    CENTRE_WARDS_KEPT,
  );
  /** corner-ward lattice ← ward index, wards' extent, cell (2 kept, as the centres') */
  private readonly cornerLattices = new Memo(
    (k: { ix: WardIndex; w: WardSet; cell: number }) =>
      CornerWards.around(wardsBbox(k.w), k.cell, (x, y) => k.ix.wardAt(x, y)),
    (a, b) => a.ix === b.ix && a.cell === b.cell,
    CENTRE_WARDS_KEPT,
  );
  /** study mask ← ward index, grid (through the centre-ward lattice) */
  private readonly mask = new Memo(
    (k: { ix: WardIndex; w: WardSet; grid: GridSpec; key: string }) =>
      studyMaskOf(k.grid, this.centreWards(k.ix, k.w, k.grid.cell)),
    (a, b) => a.ix === b.ix && a.key === b.key,
  );
  /** unprojector ← wards, any grid within its box (the wards' extent + UNPROJECT_MARGIN) */
  private readonly unprojectors = new Memo(
    (k: { w: WardSet; grid: GridSpec }) => unprojectorFor(k.w, k.grid),
    (a, b, v) => a.w === b.w && inside(b.grid, v.box),
  );
  // ─────────────────────────────────────────────────────────────────────────────────────────────

  wardIndex(wards: WardSet): WardIndex {
    return this.index.get(wards);
  }

  /** Ward of every row (-1 outside every ward) and the ward × category × month count cube. */
  assignment(t: CrimeTable, wards: WardSet): Assignment {
    return this.assignments.get({ t, ix: this.wardIndex(wards), w: wards });
  }

  /** The rows of an opened cube keep the wards the cube gave them; the count cube ← those wards. */
  cubeAssignment(c: CubeTable): Assignment {
    return this.cubeAssignments.get(c);
  }

  /** Loaded month range and the months inside it with no records at all (a copy: callers may change it). */
  monthCoverage(t: CrimeTable): Coverage {
    const c = this.coverage.get(t);
    return { ...c, missing: [...c.missing] };
  }

  /** The distinct coordinate pairs of every row of the table, numbered south to north. */
  uniquePoints(t: CrimeTable): UniquePoints {
    return this.unique.get(t);
  }

  /** The study area: the wards' areas summed, in km². */
  studyAreaKm2(wards: WardSet): number {
    return this.studyArea.get(wards);
  }

  /** Rows assigned to no ward. */
  outsideCount(wardOfRow: Int32Array): number {
    return this.outside.get(wardOfRow);
  }

  /** The crime types with at least one row inside the wards (any month), in police.uk order. */
  loadedTypes(cube: CountCube, t: CrimeTable): string[] {
    return this.types.get({ cube, t });
  }

  /** Rates use the population of the window's last year, or the latest year before it (population.ts). */
  populationFor(p: PopulationInput, toMonth: number): { map: Map<string, number>; year: number | null } {
    return this.population.get({ p, year: Math.floor(toMonth / 12) + 1970 });
  }

  /** The rows inside the wards, of the mask's categories, in months from…to. */
  selection(t: CrimeTable, wardOfRow: Int32Array, mask: Uint8Array, from: number, to: number): Selection {
    return this.selections.get({ t, wardOfRow, mask, from, to });
  }

  binned(t: CrimeTable, rows: Uint32Array, cell: number, weighted: boolean): LatticeBins | null {
    const bins = this.bins.get({ t, rows, cell, weighted });
    if (this.bins.lastHit && bins) this.binStats.reused++;
    return bins;
  }

  mergedPoints(t: CrimeTable, rows: Uint32Array, weighted: boolean): MergedPoints {
    return this.merged.get({ t, rows, weighted });
  }

  /** Ward of a grid cell's centre, through the kept lattice (centreWards.ts), else the index. */
  centreWards(index: WardIndex, wards: WardSet, cell: number): (x: number, y: number) => number {
    const lattice = this.lattices.get({ ix: index, w: wards, cell });
    return lattice ? (x, y) => lattice.at(x, y) : (x, y) => index.wardAt(x, y);
  }

  /** Ward of a point, through the kept lattice of cell corners when it is one (centreWards.ts CornerWards), else the index. */
  cornerWards(index: WardIndex, wards: WardSet, cell: number): (x: number, y: number) => number {
    const lattice = this.cornerLattices.get({ ix: index, w: wards, cell });
    return lattice ? (x, y) => lattice.at(x, y) : (x, y) => index.wardAt(x, y);
  }

  /** 1 for the cells whose centre lies in a ward. */
  studyMask(index: WardIndex, wards: WardSet, grid: GridSpec): Uint8Array {
    return this.mask.get({
      ix: index,
      w: wards,
      grid,
      key: `${grid.x0},${grid.y0},${grid.cell},${grid.nx},${grid.ny}`,
    });
  }

  /** BNG → WGS84 for a grid's extent (bng.ts: a lazily filled lattice of exact values at multiples of 250 m). */
  unprojector(wards: WardSet, grid: GridSpec): ToLonLat {
    return this.unprojectors.get({ w: wards, grid }).toLonLat;
  }

  /** A new crime table: entries keyed on the old one can never match again (frees their memory early). */
  forgetSelections(): void {
    this.selections.clear();
    this.bins.clear();
    this.merged.clear();
  }

  private countPass(bins: LatticeBins | null): LatticeBins | null {
    if (bins) this.binStats.passes++;
    return bins;
  }
}

function assign(t: CrimeTable, index: WardIndex, wards: WardSet): Assignment {
  const wardOfRow = index.assign(t.x, t.y);
  return { wardOfRow, cube: buildCube(wardOfRow, t.month, t.category, null, wards.count, t.categories.length) };
}

function coverageOf(t: CrimeTable): Coverage {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const m = t.month[i];
    if (m < first) first = m;
    if (m > last) last = m;
  }
  const seen = new Uint8Array(last - first + 1);
  for (let i = 0; i < t.length; i++) seen[t.month[i] - first] = 1;
  const missing: number[] = [];
  for (let k = 0; k < seen.length; k++) if (!seen[k]) missing.push(first + k);
  return { first, last, missing };
}

function countOutside(wardOfRow: Int32Array): number {
  let outside = 0;
  for (let i = 0; i < wardOfRow.length; i++) if (wardOfRow[i] < 0) outside++;
  return outside;
}

function typesInCube(cube: CountCube, t: CrimeTable): string[] {
  const per = new Float64Array(cube.nCategories);
  const { nWards, nCategories, nMonths, counts } = cube;
  for (let w = 0; w < nWards; w++)
    for (let c = 0; c < nCategories; c++) {
      const o = (w * nCategories + c) * nMonths;
      for (let m = 0; m < nMonths && !per[c]; m++) per[c] += counts[o + m];
    }
  const types: string[] = [];
  for (let c = 1; c < nCategories; c++) if (per[c] > 0) types.push(t.categories[c]);
  return types;
}

/**
 * The population table for `year`: the table read at load time when that was the year read,
 * else the text re-read as of 31 December of `year` (the latest year up to it); the load-time
 * table when the re-read fails.
 */
function populationOfYear(p: PopulationInput, year: number): { map: Map<string, number>; year: number | null } {
  if (p.year === null || year === p.year) return { map: p.map, year: p.year };
  try {
    const r = readPopulationWithReport(p.text, { now: new Date(Date.UTC(year, 11, 31)) });
    return { map: r.population, year: r.year };
  } catch {
    return { map: p.map, year: p.year };
  }
}

function selectRows(t: CrimeTable, w: Int32Array, mask: Uint8Array, from: number, to: number): Selection {
  let n = 0;
  const rows = new Uint32Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const m = t.month[i];
    if (w[i] >= 0 && mask[t.category[i]] && m >= from && m <= to) rows[n++] = i;
  }
  return { rows: rows.slice(0, n), from, to, mask };
}

function studyMaskOf(grid: GridSpec, wardAtCentre: (x: number, y: number) => number): Uint8Array {
  const mask = new Uint8Array(grid.nx * grid.ny);
  for (let r = 0; r < grid.ny; r++)
    for (let c = 0; c < grid.nx; c++)
      mask[r * grid.nx + c] =
        wardAtCentre(grid.x0 + (c + 0.5) * grid.cell, grid.y0 + (r + 0.5) * grid.cell) >= 0 ? 1 : 0;
  return mask;
}

/** One box, the wards' extent plus UNPROJECT_MARGIN (and the grid), serves every grid within it. */
function unprojectorFor(wards: WardSet, grid: GridSpec): { box: Box; toLonLat: ToLonLat } {
  const [a, b, c, d] = wardsBbox(wards);
  const box: Box = [
    Math.min(a - UNPROJECT_MARGIN, grid.x0),
    Math.min(b - UNPROJECT_MARGIN, grid.y0),
    Math.max(c + UNPROJECT_MARGIN, grid.x0 + grid.nx * grid.cell),
    Math.max(d + UNPROJECT_MARGIN, grid.y0 + grid.ny * grid.cell),
  ];
  return { box, toLonLat: bngUnprojector(...box) };
}

function inside(grid: GridSpec, box: Box): boolean {
  return (
    grid.x0 >= box[0] &&
    grid.y0 >= box[1] &&
    grid.x0 + grid.nx * grid.cell <= box[2] &&
    grid.y0 + grid.ny * grid.cell <= box[3]
  );
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
