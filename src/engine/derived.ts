/**
 * The session's derived products, each declared once with its inputs (the memo key) — the
 * derivation graph of the engine, less the ingest itself (table ← ingest, in session.ts
 * refresh()):
 *
 *   ward of row, cube ← table, ward index (wards)    every row's ward; ward × category × month counts
 *   coverage        ← table                          months loaded, and the missing ones
 *   study area      ← wards                          km² inside the wards (PAI's denominator)
 *   unique points   ← table                          distinct map points, south to north
 *   outside count   ← ward of row                    rows outside every ward
 *   loaded types    ← cube, table                    crime types with a row inside the wards
 *   bins            ← table, selection, cell, weighting   (2 kept: window and comparison)
 *   merged points   ← table, selection, weighting         (2 kept)
 *   centre-ward lattice ← ward index, wards, cell    (2 kept: two bandwidths back and forth)
 *   study mask      ← ward index, grid, (lattice)    cells whose centre is in a ward
 *   unprojector     ← wards, grid within its box     BNG → WGS84 lattice
 *
 * Pure functions of their keys (typed arrays, no DOM), one Memo each (memo.ts).
 */
import { bngUnprojector } from '../core/bng.ts';
import { southToNorth, uniquePoints, type UniquePoints } from '../core/uniquePoints.ts';
import type { CrimeTable, WardSet } from '../core/types.ts';
import { CentreWards } from '../analysis/centreWards.ts';
import { buildCube, type CountCube } from '../analysis/cube.ts';
import type { WardIndex } from '../analysis/wardIndex.ts';
import { binPoints, type LatticeBins } from '../analysis/kde/binned.ts';
import { mergePoints, type MergedPoints } from '../analysis/kde/kde.ts';
import type { GridSpec } from '../analysis/kde/grid.ts';
import { byIdentity, Memo } from './memo.ts';

/** Bins and merged points kept: the window and its comparison window. */
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
type Box = [number, number, number, number];
type ToLonLat = (x: number, y: number) => [number, number];

export class DerivedProducts {
  /** Binning passes made and bins re-used (the bench and tests read them). */
  readonly binStats = { passes: 0, reused: 0 };

  private readonly assignments = new Memo(
    (k: { table: CrimeTable; index: WardIndex; wards: WardSet }) => {
      const wardOfRow = k.index.assign(k.table.x, k.table.y);
      return { wardOfRow, cube: buildCube(wardOfRow, k.table.month, k.table.category, null, k.wards.count, k.table.categories.length) };
    },
    (a, b) => a.table === b.table && a.index === b.index && a.wards === b.wards,
  );
  private readonly coverage = byIdentity(coverageOf);
  private readonly unique = byIdentity((t: CrimeTable) => southToNorth(uniquePoints(t.x, t.y), 50));
  private readonly outside = byIdentity(countOutside);
  private readonly studyArea = byIdentity((w: WardSet) => w.area.reduce((a, b) => a + b, 0) / 1e6);
  private readonly types = new Memo(
    (k: { cube: CountCube; table: CrimeTable }) => typesInCube(k.cube, k.table),
    (a, b) => a.cube === b.cube,
  );
  /**
   * Points binned for the density surface (kde/binned.ts), so that a change of bandwidth or
   * kernel only re-convolves. Keyed by the crime table, the selected rows (compared by
   * content: the same filter gives the same rows), the cell size and the weighting; not by
   * bandwidth or kernel, which the bins do not depend on. null when the lattice would exceed
   * its cell budget (kde then bins itself).
   */
  private readonly bins = new Memo(
    (k: { table: CrimeTable; rows: Uint32Array; cell: number; weighted: boolean }) => {
      const bins = binPoints(k.table.x, k.table.y, k.weighted ? k.table.weight : null, k.cell, k.rows);
      if (bins) this.binStats.passes++;
      return bins;
    },
    (a, b) => a.table === b.table && a.cell === b.cell && a.weighted === b.weighted && sameRows(a.rows, b.rows),
    SELECTIONS_KEPT,
  );
  private readonly merged = new Memo(
    (k: { table: CrimeTable; rows: Uint32Array; weighted: boolean }) => mergePoints(this.uniquePoints(k.table), k.rows, k.weighted ? k.table.weight : null),
    (a, b) => a.table === b.table && a.weighted === b.weighted && sameRows(a.rows, b.rows),
    SELECTIONS_KEPT,
  );
  private readonly lattices = new Memo(
    (k: { index: WardIndex; wards: WardSet; cell: number }) => CentreWards.around(wardsBbox(k.wards), k.cell, (x, y) => k.index.wardAt(x, y)),
    (a, b) => a.index === b.index && a.cell === b.cell,
    CENTRE_WARDS_KEPT,
  );
  private readonly mask = new Memo(
    (k: { index: WardIndex; wards: WardSet; grid: GridSpec; key: string }) => studyMaskOf(k.grid, this.centreWards(k.index, k.wards, k.grid.cell)),
    (a, b) => a.index === b.index && a.key === b.key,
  );
  /** One box, the wards' extent plus UNPROJECT_MARGIN, serves every grid within it. */
  private readonly unprojectors = new Memo(
    (k: { wards: WardSet; grid: GridSpec }): { box: Box; toLonLat: ToLonLat } => {
      const box = unprojectBox(k.wards, k.grid);
      return { box, toLonLat: bngUnprojector(...box) };
    },
    (a, b, v) => a.wards === b.wards && inside(b.grid, v.box),
  );

  /** Ward of every row (-1 outside every ward) and the ward × category × month count cube. */
  assignment(table: CrimeTable, index: WardIndex, wards: WardSet): { wardOfRow: Int32Array; cube: CountCube } {
    return this.assignments.get({ table, index, wards });
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
  loadedTypes(cube: CountCube, table: CrimeTable): string[] {
    return this.types.get({ cube, table });
  }

  binned(table: CrimeTable, rows: Uint32Array, cell: number, weighted: boolean): LatticeBins | null {
    const bins = this.bins.get({ table, rows, cell, weighted });
    if (this.bins.lastHit && bins) this.binStats.reused++;
    return bins;
  }

  mergedPoints(table: CrimeTable, rows: Uint32Array, weighted: boolean): MergedPoints {
    return this.merged.get({ table, rows, weighted });
  }

  /** Ward of a grid cell's centre, through the kept lattice (centreWards.ts), else the index. */
  centreWards(index: WardIndex, wards: WardSet, cell: number): (x: number, y: number) => number {
    const lattice = this.lattices.get({ index, wards, cell });
    return lattice ? (x, y) => lattice.at(x, y) : (x, y) => index.wardAt(x, y);
  }

  /** 1 for the cells whose centre lies in a ward. */
  studyMask(index: WardIndex, wards: WardSet, grid: GridSpec): Uint8Array {
    return this.mask.get({ index, wards, grid, key: `${grid.x0},${grid.y0},${grid.cell},${grid.nx},${grid.ny}` });
  }

  /** BNG → WGS84 for a grid's extent (bng.ts: a lazily filled lattice of exact values at multiples of 250 m). */
  unprojector(wards: WardSet, grid: GridSpec): ToLonLat {
    return this.unprojectors.get({ wards, grid }).toLonLat;
  }

  /** A new crime table: entries keyed on the old one can never match again. */
  forgetSelections(): void {
    this.bins.clear();
    this.merged.clear();
  }
}

export function wardsBbox(w: WardSet): Box {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (let i = 0; i < w.count; i++) {
    a = Math.min(a, w.bbox[4 * i]);
    b = Math.min(b, w.bbox[4 * i + 1]);
    c = Math.max(c, w.bbox[4 * i + 2]);
    d = Math.max(d, w.bbox[4 * i + 3]);
  }
  return [a, b, c, d];
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

function studyMaskOf(grid: GridSpec, wardAtCentre: (x: number, y: number) => number): Uint8Array {
  const mask = new Uint8Array(grid.nx * grid.ny);
  for (let r = 0; r < grid.ny; r++)
    for (let c = 0; c < grid.nx; c++) mask[r * grid.nx + c] = wardAtCentre(grid.x0 + (c + 0.5) * grid.cell, grid.y0 + (r + 0.5) * grid.cell) >= 0 ? 1 : 0;
  return mask;
}

function unprojectBox(wards: WardSet, grid: GridSpec): Box {
  const [a, b, c, d] = wardsBbox(wards);
  return [
    Math.min(a - UNPROJECT_MARGIN, grid.x0),
    Math.min(b - UNPROJECT_MARGIN, grid.y0),
    Math.max(c + UNPROJECT_MARGIN, grid.x0 + grid.nx * grid.cell),
    Math.max(d + UNPROJECT_MARGIN, grid.y0 + grid.ny * grid.cell),
  ];
}

function inside(grid: GridSpec, box: Box): boolean {
  return grid.x0 >= box[0] && grid.y0 >= box[1] && grid.x0 + grid.nx * grid.cell <= box[2] && grid.y0 + grid.ny * grid.cell <= box[3];
}

function sameRows(a: Uint32Array, b: Uint32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
