/**
 * One analysis session: the loaded files and everything derived from them, and
 * `run(params)` that turns a filter and density settings into an AnalysisResult.
 *
 * This is the single engine behind all three shells: the Web Worker (page), the CLI
 * and the tests. It holds no DOM and no map objects.
 *
 * Pipeline on load: detect each file's format → crimes stream into one CrimeIngest
 * (every row used or rejected with a counted reason) → boundaries read into a WardSet
 * → points projected to BNG (proj4 + OSGB36 Helmert) → each point assigned to a ward
 * through the edge-grid index → counts cube ward × category × month. After that every
 * filter change is a sum over the cube (ward table) and one KDE over the selected rows.
 *
 * Conventions (also in the README):
 * - Shares are of the crimes inside the loaded wards; rows outside every ward are
 *   rejected as 'outside-wards' so that rowsRead = used + Σ rejected always holds.
 * - The density surface uses the same rows as the ward table (inside the wards, in the
 *   window, of the selected types); the grid covers the wards' extent plus h.
 * - "All crime" excludes Anti-social behaviour unless includeAsb.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { CrimeIngest, IngestError, type ColumnMapping } from '../io/crimeIngest.ts';
import type { IngestedPart } from '../io/ingestPart.ts';
import { suggestMapping } from '../io/genericCsv.ts';
import { detectFormat, headerFields, notStreetLevelReason, SNIFF_BYTES } from '../io/detectFormat.ts';
import { decodeText } from '../io/textDecode.ts';
import { readBoundariesWithReport } from '../io/boundaries.ts';
import { populationYearNote, readPopulationWithReport, type PopulationYears } from '../io/population.ts';
import { readPlaces } from '../io/places.ts';
import { maybeGunzip } from '../io/gzip.ts';
import { concatBytes } from '../io/bytes.ts';
import { parseRegisterCsv, parseRegisterJson } from '../io/registers.ts';
import { fillProjection, unprojectPointBng } from './bng.ts';
import { WardIndex } from './wardIndex.ts';
import { buildCube, coversMonths, wardTotals, type CountCube } from './cube.ts';
import { categoryMask, describeFilter, filterPhrase } from './filter.ts';
import { bandwidthOrigin, provenanceLine } from './phrasing.ts';
import { wardShares } from './shares.ts';
import { compareCounts, previousPeriod } from './compare.ts';
import { areaName, periodLabel, WARD_CONCENTRATION_CAVEAT } from './headline.ts';
import { diagnose, notLoaded, type Diagnosis } from './diagnosis.ts';
import { formatMonth } from './months.ts';
import { ASB } from './categories.ts';
import { kde, type MergedPoints } from './kde/kde.ts';
import type { LatticeBins } from './kde/binned.ts';
import { DerivedProducts, wardsBbox } from '../engine/derived.ts';
import type { CubeTable } from '../engine/cubeInput.ts';
import { areaParams, thresholdRule } from '../engine/params.ts';
import { concentrationStage, wardTableStage } from '../engine/stages.ts';
import { gridForExtent, GridError, type GridSpec } from './kde/grid.ts';
import { arcgisPreset, practitionerPreset, scottPreset, sfhotspotPreset, type BandwidthPreset } from './kde/bandwidth.ts';
import { hotspotAreas, hotspotThreshold, type Hotspot } from './hotspots/areas.ts';
import { cellsAbove, hotspotStabilityOfRows } from './hotspots/change.ts';
import { countGrid } from './kde/bin.ts';
import { giStar as giStarOf } from './hotspots/gistar.ts';
import { patrolAreas, type PatrolRow } from './hotspots/patrol.ts';
import { hotspotName } from './hotspots/naming.ts';
import { areaMethodShort } from './hotspots/methodText.ts';
import { toAsciiGrid } from './kde/asciiGrid.ts';
import { linkResult, wardCategoryCounts } from './actions/linkResult.ts';
import { nearestPlaceLabel } from './actions/label.ts';
import type { ActionRegister, Place } from './actions/types.ts';
import type { CrimeTable, IngestMessage, IngestReport, RejectReason, WardSet } from './types.ts';
import type { AnalysisParams, AnalysisResult, HotspotResult, KdeParams, KdeResult, StabilityResult, WardDetail, WardResult } from './sessionTypes.ts';

export interface SessionFile {
  name: string;
  bytes: Uint8Array;
}

export interface LoadOptions {
  /** Columns of a generic (non-police.uk) crime CSV; guessed from the header when absent. */
  mapping?: ColumnMapping;
  codeField?: string;
  nameField?: string;
  /** Called after each file with what has been read so far. */
  onProgress?: (p: { file: string; filesDone: number; filesTotal: number; bytesRead: number; rowsRead: number }) => void;
}

export interface LoadSummary {
  crimesFiles: number;
  boundaryFiles: number;
  other: string[];
  messages: IngestMessage[];
}

export interface StreamOptions {
  /** Columns of a generic crime CSV; guessed from the header when absent. */
  mapping?: ColumnMapping;
  /** Defaults: STREAM_LIMITS. */
  maxRows?: number;
  maxTotalBytes?: number;
  /** Skip re-deriving table and cube after this file (the next addFiles call, even with no files, does it). */
  defer?: boolean;
  /** At most every 100 ms while reading, and once at the end; rowsRead counts lines (≈ rows) of the whole session. */
  onProgress?: (p: { file: string; bytesRead: number; rowsRead: number }) => void;
}

/**
 * Memory budget of a session (docs/privacy.md, "Large files"). The crime table costs 56 bytes
 * per accepted row (lon, lat, x, y Float64; month, category, force, source Uint16; weight
 * Float32; location, lsoa, line Uint32) plus duplicate-detection hashes; while loading, the
 * builder's doubling arrays and the final exact-length copy briefly coexist. Measured on a
 * 1 GB police.uk stream (4.8 M rows, Node): peak RSS 1.1 GB, i.e. under 200 bytes per row at
 * the peak including the runtime. Streaming itself holds one chunk (~64 KB) plus the first MB.
 * 10 million rows (≈ 2 GB of police.uk CSV, ≈ 2 GB peak) is what a 64-bit tab can afford.
 */
export const STREAM_LIMITS = {
  maxRows: 10_000_000,
  maxTotalBytes: 2 * 1024 ** 3,
  /** Files read whole (boundaries, population, places, registers, gzip, API JSON) above this are refused. */
  maxWholeFileBytes: 512 * 1024 ** 2,
  /** Peak bytes per row while loading, for the messages. */
  bytesPerRow: 200,
  projectAfterBytes: 1 << 20,
} as const;

const SHAPEFILE_PART = /\.(shp|shx|dbf|prj|cpg|qix|sbn|sbx|xml)$/i;

/** Rows selected by a filter: indexes into the crime table. */
interface Selection {
  rows: Uint32Array;
  from: number;
  to: number;
  mask: Uint8Array;
}

/** Callbacks during a run (the worker uses them to send early what the page can prepare meanwhile). */
export interface RunHooks {
  /** The density surface (the run's `kde.values` before their float32 copy, and its grid and maximum), as soon as it is computed, before the hotspot areas. */
  onSurface?: (values: Float64Array, grid: GridSpec, max: number) => void;
}

export class AnalysisSession {
  private readonly ingest: CrimeIngest;
  private table: CrimeTable | null = null;
  private ingestReport: IngestReport | null = null;
  private wards: WardSet | null = null;
  private wardIndex: WardIndex | null = null;
  private wardOfRow: Int32Array | null = null;
  private cube: CountCube | null = null;
  private population: Map<string, number> | null = null;
  /** The population table's text and the year read from it (tables with a Year column are
   *  re-read so that rates use the latest year up to the end of the analysis window). */
  private populationText: string | null = null;
  private populationYear: number | null = null;
  private populationYears: PopulationYears | null = null;
  private places: Place[] = [];
  private register: ActionRegister | null = null;
  private readonly messages: IngestMessage[] = [];
  private readonly sources = { crimes: [] as string[], boundaries: [] as string[], population: null as string | null, register: null as string | null, places: [] as string[] };
  private crimesDirty = false;
  /** The boundary files of the loaded ward set (a later load of another area's wards is merged with them). */
  private boundaryFiles: SessionFile[] = [];
  /** Bytes of crime files streamed in (addCrimeStream), for STREAM_LIMITS.maxTotalBytes. */
  private crimeBytes = 0;
  /** Lines of streamed files not yet in ingestReport (defer: true). */
  private deferredLines = 0;
  /** Every derived product, each kept once with its inputs as key (engine/derived.ts: the derivation graph). */
  private readonly derived = new DerivedProducts();
  /** The provenance of an opened cube (absorbCube), null for crime files. */
  private cubeNote: string | null = null;

  constructor(private readonly now: Date = new Date()) {
    this.ingest = new CrimeIngest({ now });
  }

  /** Load any mix of files; the format of each is detected from its content. */
  addFiles(files: readonly SessionFile[], options: LoadOptions = {}): LoadSummary {
    const boundary: SessionFile[] = [];
    const summary: LoadSummary = { crimesFiles: 0, boundaryFiles: 0, other: [], messages: [] };
    const say = (m: IngestMessage) => {
      summary.messages.push(m);
      this.messages.push(m);
    };
    let bytesRead = 0;
    let done = 0;
    for (const raw of files) {
      bytesRead += raw.bytes.length;
      let f = raw;
      try {
        f = maybeGunzip(raw.name, raw.bytes);
      } catch (e) {
        say(toMessage(e, raw.name));
        continue;
      }
      const base = f.name.split(/[\\/]/).pop() ?? f.name;
      const kind = SHAPEFILE_PART.test(base) ? 'shapefile-part' : detectFormat(base, f.bytes.subarray(0, SNIFF_BYTES));
      try {
        switch (kind) {
          case 'generic-csv': {
            // A mapping given by the user wins; otherwise the columns are guessed from the
            // header and the guess is reported, never applied silently.
            const mapping = options.mapping ?? guessMapping(f.bytes);
            if (!mapping) {
              say(needsMappingMessage(f.name, f.bytes));
              break;
            }
            if (!options.mapping) {
              const cols = Object.entries(mapping).map(([k, v]) => `${k} = "${v}"`).join(', ');
              say({ level: 'info', file: f.name, line: 1, message: `read as a generic CSV with the columns ${cols}` });
            }
            this.ingest.addFile(f.name, f.bytes, { now: this.now, mapping: mapping ?? undefined });
            this.sources.crimes.push(f.name);
            this.crimesDirty = true;
            summary.crimesFiles++;
            break;
          }
          case 'police-uk-csv':
          case 'police-uk-api-json':
            this.ingest.addFile(f.name, f.bytes, { now: this.now });
            this.sources.crimes.push(f.name);
            this.crimesDirty = true;
            summary.crimesFiles++;
            break;
          case 'boundaries-geojson':
          case 'boundaries-topojson':
          case 'shapefile-zip':
          case 'shapefile-part':
            boundary.push(f);
            break;
          case 'population-csv': {
            const text = new TextDecoder().decode(f.bytes);
            const r = readPopulationWithReport(text, { now: this.now });
            this.population = r.population;
            this.populationText = text;
            this.populationYear = r.year;
            this.populationYears = r.years;
            this.sources.population = f.name;
            for (const w of r.warnings) say({ level: 'warning', file: f.name, line: 0, message: w });
            summary.other.push(f.name);
            break;
          }
          case 'places':
            this.places = this.places.concat(readPlaces(f.name, f.bytes));
            this.sources.places.push(f.name);
            summary.other.push(f.name);
            break;
          case 'actions': {
            const text = new TextDecoder().decode(f.bytes);
            const r = /\.csv$/i.test(base) ? parseRegisterCsv(text, f.name) : parseRegisterJson(text, f.name);
            for (const m of r.errors) say(m);
            if (r.register) {
              this.register = r.register;
              this.sources.register = f.name;
            }
            summary.other.push(f.name);
            break;
          }
          case 'basemap-pmtiles':
            // A map basemap is drawn by the page (app/map/basemapSource.ts), never read as data.
            say({ level: 'info', file: f.name, line: 0, message: 'a PMTiles basemap: not data; the page draws it under the map (the analysis does not read it)' });
            break;
          default:
            if (!/\S/.test(new TextDecoder().decode(f.bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, ''))) {
              say({ level: 'error', file: f.name, line: 0, message: f.bytes.length ? 'empty file (only white space)' : 'empty file (0 bytes)' });
              break;
            }
            say(unreadableMessage(f.name, f.bytes));
        }
      } catch (e) {
        say(toMessage(e, f.name));
      }
      done++;
      options.onProgress?.({ file: f.name, filesDone: done, filesTotal: files.length, bytesRead, rowsRead: this.ingestRowsSoFar() });
    }
    if (boundary.length) this.addBoundaries(boundary, options, say, summary);
    this.refresh();
    return summary;
  }

  /**
   * Boundary files of one load. Several files in one load are one ward set (boundaries.ts merges
   * them). A later load ADDS its wards when they are another area's (no shared ward code, and
   * fewer than half of the new wards' centres inside the loaded wards: a neighbouring district
   * of the same force) and otherwise REPLACES the loaded set (a new vintage of the same area);
   * either way no crime is dropped, all are re-assigned. A failed read keeps what was loaded.
   */
  private addBoundaries(boundary: SessionFile[], options: LoadOptions, say: (m: IngestMessage) => void, summary: LoadSummary): void {
    const fieldOpts = { codeField: options.codeField, nameField: options.nameField };
    const v = (w: WardSet) => `${w.count} wards${w.meta.vintage ? `, ${w.meta.vintage} boundaries` : ''}`;
    try {
      let r = readBoundariesWithReport(boundary.map((f) => ({ name: f.name, bytes: f.bytes })), fieldOpts);
      let files = boundary;
      const prev = this.wards;
      if (prev && this.wardIndex && isAnotherArea(prev, this.wardIndex, r.wards)) {
        files = [...this.boundaryFiles, ...boundary];
        const added = r.wards;
        r = readBoundariesWithReport(files.map((f) => ({ name: f.name, bytes: f.bytes })), fieldOpts);
        say({ level: 'info', file: added.meta.file, line: 0, message: `adds ${added.count} wards to the ${prev.count} loaded from ${prev.meta.file} (no ward in common): ${r.wards.count} wards in all; crimes already loaded are re-assigned` });
      } else if (prev) {
        say({ level: 'info', file: r.wards.meta.file, line: 0, message: `replaces the ward boundaries from ${prev.meta.file} (${v(prev)}) with ${v(r.wards)}; crimes already loaded are re-assigned to the new wards` });
      }
      this.wards = r.wards;
      this.wardIndex = WardIndex.build(r.wards);
      this.boundaryFiles = files;
      this.sources.boundaries = files.map((f) => f.name);
      summary.boundaryFiles = boundary.length;
      for (const w of r.warnings) say({ level: w.level ?? 'warning', file: w.file, line: 0, message: w.feature ? `${w.feature}: ${w.message}` : w.message });
      this.wardOfRow = null;
    } catch (e) {
      say(toMessage(e, boundary.map((f) => f.name).join(', ')));
    }
  }

  /**
   * Stream ONE crime file (police.uk street CSV or generic CSV) chunk by chunk, for files too
   * big to hold whole (the page sends File objects to the worker, which passes file.stream()).
   * The format is sniffed from the first bytes as in addFiles. Before any row is kept the file
   * is refused, with an error message naming it, when the session's crime files would exceed
   * STREAM_LIMITS.maxTotalBytes, or when the rows projected from the first megabyte (line
   * count × size / bytes seen) would take the session past STREAM_LIMITS.maxRows; a file that
   * still passes the row limit while streaming is dropped whole. A refused or failed file
   * costs nothing already loaded. Progress reports bytes and lines read (≈ rows).
   */
  async addCrimeStream(name: string, size: number, chunks: AsyncIterable<Uint8Array>, options: StreamOptions = {}): Promise<LoadSummary> {
    const summary: LoadSummary = { crimesFiles: 0, boundaryFiles: 0, other: [], messages: [] };
    const say = (m: IngestMessage) => {
      summary.messages.push(m);
      this.messages.push(m);
    };
    const maxRows = options.maxRows ?? STREAM_LIMITS.maxRows;
    const maxBytes = options.maxTotalBytes ?? STREAM_LIMITS.maxTotalBytes;
    if (this.crimeBytes + size > maxBytes) {
      say({ level: 'error', file: name, line: 0, message: `not loaded: ${megabytes(size)} would take the crime files of this session to ${megabytes(this.crimeBytes + size)}, over the ${megabytes(maxBytes)} limit (split the extract, or load fewer months)` });
      return summary;
    }
    const before = this.ingestRowsSoFar() + (this.crimesDirty ? this.deferredLines : 0);
    const tooMany = (rows: number) => `not loaded: about ${rows.toLocaleString('en-GB')} rows in this file would take the session past the limit of ${maxRows.toLocaleString('en-GB')} rows (about ${megabytes(maxRows * STREAM_LIMITS.bytesPerRow)} of memory); split the extract or load fewer months`;
    const head: Uint8Array[] = [];
    let headLength = 0;
    let open = false;
    let bytesRead = 0;
    let lines = 0;
    let lastProgress = 0;
    let needsMapping: IngestMessage | null = null;
    const begin = () => {
      const first = concatBytes(head, headLength);
      head.length = 0;
      // Projection from what has been seen (the whole file when it is small).
      const projected = bytesRead >= size ? lines : Math.ceil((lines * size) / Math.max(1, bytesRead));
      if (before + projected > maxRows) throw new IngestError(name, 0, tooMany(projected));
      const base = name.split(/[\\/]/).pop() ?? name;
      const kind = detectFormat(base, first.subarray(0, SNIFF_BYTES));
      let mapping = options.mapping;
      if (kind === 'generic-csv' && !mapping) {
        const guess = guessMapping(first);
        if (!guess) {
          needsMapping = needsMappingMessage(name, first);
          throw new IngestError(name, 1, needsMapping.message);
        }
        mapping = guess;
        const cols = Object.entries(guess).map(([k, v]) => `${k} = "${v}"`).join(', ');
        say({ level: 'info', file: name, line: 1, message: `read as a generic CSV with the columns ${cols}` });
      }
      this.ingest.beginFile(name, size, undefined, { now: this.now, mapping });
      open = true;
      if (first.length) this.ingest.pushChunk(first);
    };
    try {
      for await (const chunk of chunks) {
        if (!chunk.length) continue;
        bytesRead += chunk.length;
        lines += countLines(chunk);
        if (!open) {
          head.push(chunk.slice());
          headLength += chunk.length;
          if (headLength >= STREAM_LIMITS.projectAfterBytes) begin();
        } else {
          if (before + lines > maxRows) throw new IngestError(name, lines, tooMany(lines));
          this.ingest.pushChunk(chunk);
        }
        const now = Date.now();
        if (options.onProgress && now - lastProgress >= 100) {
          lastProgress = now;
          options.onProgress({ file: name, bytesRead, rowsRead: before + lines });
        }
      }
      if (!open) begin();
      this.ingest.endFile();
      this.crimeBytes += bytesRead;
      this.sources.crimes.push(name);
      this.deferredLines = (this.crimesDirty ? this.deferredLines : 0) + lines;
      this.crimesDirty = true;
      summary.crimesFiles++;
    } catch (e) {
      if (open) {
        // CrimeIngest drops a file whose parser threw; a limit hit here must drop it too.
        this.ingest.abortFile(e);
      }
      say(needsMapping ?? toMessage(e, name));
    }
    if (!options.defer) this.refresh();
    options.onProgress?.({ file: name, bytesRead, rowsRead: this.ingestRowsSoFar() + (this.crimesDirty ? this.deferredLines : 0) });
    return summary;
  }

  /**
   * A police.uk street CSV read in another thread (io/ingestPart.ts), added as if streamed here
   * with `defer` (the next addFiles call re-derives the table); false when it cannot be (a row
   * duplicates one of an earlier file): stream the file here instead. The CLI's threads use it.
   * `rowsToCome`: an estimate of the rows of the parts still to come, so the table grows once.
   */
  absorbCrimePart(part: IngestedPart, rowsToCome = 0): boolean {
    if (rowsToCome > 0) this.ingest.expectRows(part.table.length + rowsToCome);
    if (!this.ingest.absorb(part)) return false;
    this.crimeBytes += part.report.bytes;
    this.sources.crimes.push(part.name);
    this.deferredLines = (this.crimesDirty ? this.deferredLines : 0) + part.report.rowsRead;
    this.crimesDirty = true;
    return true;
  }

  /** Replace the action register (e.g. after edits in the page). */
  setRegister(register: ActionRegister | null, source = 'edited in the page'): void {
    this.register = register;
    this.sources.register = register ? source : null;
  }

  /** An area of a cube instead of crime files (engine/cubeInput.ts): its wards, and rows whose ward the cube gave (not re-assigned). */
  absorbCube(c: CubeTable): void {
    this.wards = c.wards;
    this.wardIndex = WardIndex.build(c.wards);
    ({ table: this.table, report: this.ingestReport, wardOfRow: this.wardOfRow } = c);
    this.cube = buildCube(c.wardOfRow, c.table.month, c.table.category, null, c.wards.count, c.table.categories.length);
    this.crimesDirty = false;
    this.derived.forgetSelections();
    this.sources.crimes = [c.summary.provenance];
    this.cubeNote = c.summary.provenance;
  }

  get hasWards(): boolean {
    return this.wards !== null;
  }

  get crimeCount(): number {
    return this.table?.length ?? 0;
  }

  get loadedRegister(): ActionRegister | null {
    return this.register;
  }

  get wardSet(): WardSet | null {
    return this.wards;
  }

  /**
   * Binning passes made for density surfaces so far, and times cached bins were re-used instead
   * (a change of bandwidth or kernel alone re-uses them). Surfaces computed by the exact method
   * sum over the points and use no bins, so they count in neither.
   */
  get binning(): { passes: number; reused: number } {
    return { ...this.derived.binStats };
  }

  /** Study area on a grid: 1 for the cells whose centre lies in a ward (derived.ts). */
  private studyMask(grid: GridSpec): Uint8Array {
    return this.derived.studyMask(this.wardIndex as WardIndex, this.wards as WardSet, grid);
  }

  /** The selected rows binned on the `cell` lattice (derived.ts; null over the lattice budget). */
  private binnedRows(rows: Uint32Array, cell: number, weighted: boolean): LatticeBins | null {
    return this.derived.binned(this.table as CrimeTable, rows, cell, weighted);
  }

  /** The selected rows merged by map point (kde's `merged`; derived.ts). */
  private mergedRows(rows: Uint32Array, weighted: boolean): MergedPoints {
    return this.derived.mergedPoints(this.table as CrimeTable, rows, weighted);
  }

  /** Ward of a grid cell's centre, from the lattice kept between runs (derived.ts). */
  private centreWards(cell: number): (x: number, y: number) => number {
    return this.derived.centreWards(this.wardIndex as WardIndex, this.wards as WardSet, cell);
  }

  /** BNG → WGS84 for a grid's extent (derived.ts). */
  private unprojector(grid: GridSpec): (x: number, y: number) => [number, number] {
    return this.derived.unprojector(this.wards as WardSet, grid);
  }

  private ingestRowsSoFar(): number {
    return this.ingestReport?.rowsRead ?? 0;
  }

  /** Re-derive table, assignment and cube after a load. */
  private refresh(): void {
    if (this.crimesDirty) {
      const { table, report } = this.ingest.finish();
      fillProjection(table);
      this.table = table;
      this.derived.forgetSelections();
      this.ingestReport = report;
      this.crimesDirty = false;
      this.wardOfRow = null;
    }
    if (this.table && this.wardIndex && this.wards && !this.wardOfRow) {
      // Ward of every row and the count cube ← table and ward index (derived.ts).
      ({ wardOfRow: this.wardOfRow, cube: this.cube } = this.derived.assignment(this.table, this.wardIndex, this.wards));
    }
  }

  /** The accounting with ward assignment: rows outside every ward move from used to 'outside-wards'. */
  report(): IngestReport {
    const base = this.ingestReport ?? { rowsRead: 0, used: 0, rejected: {}, files: [], messages: [] };
    const messages = [...this.messages, ...base.messages.filter((m) => !this.messages.includes(m))];
    if (!this.wardOfRow) return { ...base, messages };
    const outside = this.derived.outsideCount(this.wardOfRow);
    const rejected: Partial<Record<RejectReason, number>> = { ...base.rejected };
    if (outside) rejected['outside-wards'] = (rejected['outside-wards'] ?? 0) + outside;
    return { ...base, used: base.used - outside, rejected, messages };
  }

  /** Loaded month range and the months inside it with no records at all (derived.ts). */
  private monthCoverage(): { first: number | null; last: number | null; missing: number[] } {
    const t = this.table;
    return t && t.length ? this.derived.monthCoverage(t) : { first: null, last: null, missing: [] };
  }

  private window(params: AnalysisParams): [number, number] | null {
    const cov = this.monthCoverage();
    if (cov.first === null || cov.last === null) return null;
    const recent = params.filter.recentMonths;
    if (params.filter.from === null && params.filter.to === null && recent && recent > 0) return [Math.max(cov.first, cov.last - Math.floor(recent) + 1), cov.last];
    const from = params.filter.from ?? cov.first;
    const to = params.filter.to ?? cov.last;
    return from <= to ? [from, to] : [to, from];
  }

  private select(params: AnalysisParams, from: number, to: number): Selection {
    const t = this.table as CrimeTable;
    const w = this.wardOfRow as Int32Array;
    const mask = categoryMask(params.filter, t.categories);
    let n = 0;
    const rows = new Uint32Array(t.length);
    for (let i = 0; i < t.length; i++) {
      const m = t.month[i];
      if (w[i] >= 0 && mask[t.category[i]] && m >= from && m <= to) rows[n++] = i;
    }
    return { rows: rows.slice(0, n), from, to, mask };
  }

  /** The whole analysis for one set of parameters. */
  run(params: AnalysisParams, hooks: RunHooks = {}): AnalysisResult {
    const report = this.report();
    const cov = this.monthCoverage();
    const wards = this.wards;
    const loaded = this.loadedTypes();
    const area = wards ? areaName(boroughName(wards.meta.borough), wards.meta.authorities) : null;
    const failed = this.failedFiles(report.messages);
    const base: AnalysisResult = {
      input: report,
      wardFile: wards
        ? { file: wards.meta.file, count: wards.count, vintage: wards.meta.vintage, borough: wards.meta.borough, boroughs: wards.meta.boroughs, crs: wards.meta.crs, area, authorityField: wards.meta.authorityField }
        : { file: '', count: 0, vintage: null, borough: null, boroughs: 0, crs: '', area: null, authorityField: null },
      months: { ...cov, window: null },
      filterLabel: describeFilter(params.filter, loaded),
      wards: [],
      totalInWards: 0,
      concentration: { top: [], gini: 0, giniGeneralised: 0, lorenz: [], headline: '', caveat: WARD_CONCENTRATION_CAVEAT },
      trend: [],
      types: [],
      kde: null,
      hotspots: [],
      hotspotGeojson: { type: 'FeatureCollection', features: [] },
      actions: null,
      provenance: '',
      messages: report.messages,
      diagnosis: this.diagnosis(report, failed),
      notLoaded: failed,
    };
    const win = this.window(params);
    if (!wards || !this.cube || !this.table || !win) {
      base.provenance = this.provenance(params, null, null);
      if (wards && this.register) base.actions = this.linkActions(base.wards, [], wards, null);
      return base;
    }
    const [from, to] = win;
    this.populationFor(to);
    const cube = this.cube;
    const mask = categoryMask(params.filter, this.table.categories);
    const rows = wardShares(cube, mask, from, to, wards, this.population ?? undefined);
    const total = rows.reduce((s, r) => s + r.count, 0);

    // Comparison with another window (default: the equal-length window just before).
    let prevCounts: Float64Array | null = null;
    if (params.compare) {
      const p = params.compare === 'previous' ? previousPeriod(from, to) : params.compare;
      if (coversMonths(cube, p.from, p.to)) {
        prevCounts = wardTotals(cube, mask, p.from, p.to);
        base.compareWindow = [p.from, p.to];
      }
    }
    base.studyAreaKm2 = this.derived.studyAreaKm2(wards);
    if (params.detailWard) base.wardDetail = this.wardDetail(params.detailWard, mask, from, to, params.filter.includeAsb);
    // Pure stages (engine/stages.ts).
    const wardResults = wardTableStage(rows, prevCounts);
    const topN = Math.max(1, Math.min(params.topN, wards.count));
    base.wards = wardResults;
    base.totalInWards = total;
    base.months.window = [from, to];
    base.concentration = concentrationStage(rows, topSteps(rows.length, topN), { n: topN, what: filterPhrase(params.filter, loaded), period: periodLabel(from, to), area });
    base.trend = this.trend(mask);
    base.types = this.types(from, to);

    // Density surface and hotspot areas.
    const sel = this.select(params, from, to);
    // The comparison window's rows (same filter), counted in each hotspot area by the same rule.
    const prevSel = prevCounts && params.compare ? this.select(params, ...prevWindow(params, from, to)) : null;
    let kdeOut: { result: KdeResult; values: Float64Array; hotspots: Hotspot[] } | null = null;
    if (params.kde) {
      try {
        kdeOut = this.density(params.kde, sel, true, prevSel, hooks.onSurface);
      } catch (e) {
        base.messages = [...base.messages, { level: 'warning', file: '', line: 0, message: e instanceof Error ? e.message : String(e) }];
      }
    }
    if (kdeOut) {
      base.kde = kdeOut.result;
      base.hotspots = kdeOut.hotspots.map((h) => this.hotspotResult(h, wards));
      if (prevSel) base.stability = this.stability(params.kde as KdeParams, kdeOut, sel, prevSel);
      base.hotspotGeojson = {
        type: 'FeatureCollection',
        features: kdeOut.hotspots.map((h, i) => ({ type: 'Feature' as const, properties: hotspotProps(base.hotspots[i], h.peak), geometry: h.feature.geometry })),
      };
    }
    if (this.register) base.actions = this.linkActions(wardResults, kdeOut?.hotspots ?? [], wards, { mask, from, to });
    base.provenance = this.provenance(params, [from, to], base.kde);
    return base;
  }

  /**
   * The crime types with at least one row inside the wards (any month), in police.uk order: the
   * sentences name them when they are few (filter.ts narrowedTypes). Kept for the cube's life.
   */
  private loadedTypes(): string[] | undefined {
    const cube = this.cube;
    const t = this.table;
    if (!cube || !t || !this.wardOfRow) return undefined;
    return this.derived.loadedTypes(cube, t);
  }

  /** Files that were not loaded at all, one error each (diagnosis.ts notLoaded). */
  private failedFiles(messages: readonly IngestMessage[]): IngestMessage[] {
    const src = this.sources;
    const loaded = new Set<string>([...src.crimes, ...src.boundaries, ...src.places, ...(src.population ? [src.population] : []), ...(src.register ? [src.register] : [])]);
    return notLoaded(messages, loaded);
  }

  /** Why there is no analysis (diagnosis.ts), or null when at least one crime lies inside the wards. */
  private diagnosis(report: IngestReport, failed: IngestMessage[]): Diagnosis | null {
    const outside = report.rejected['outside-wards'] ?? 0;
    const rowsValid = report.used + outside;
    const rejected = { ...report.rejected };
    delete rejected['outside-wards'];
    let crimesAt: [number, number] | null = null;
    let wardsAt: [number, number] | null = null;
    const t = this.table;
    if (this.wards && t && rowsValid > 0 && report.used === 0) {
      // Every crime outside the wards: where are they, and where are the wards?
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let i = 0; i < t.length; i++) {
        if (!Number.isFinite(t.x[i]) || !Number.isFinite(t.y[i])) continue;
        sx += t.x[i];
        sy += t.y[i];
        n++;
      }
      if (n) crimesAt = unprojectPointBng(sx / n, sy / n);
      const [a, b, c, d] = wardsBbox(this.wards);
      wardsAt = unprojectPointBng((a + c) / 2, (b + d) / 2);
    }
    return diagnose({
      crimeFiles: this.sources.crimes,
      rowsRead: report.rowsRead,
      rowsValid,
      outside,
      rejected,
      wards: this.wards ? { file: this.wards.meta.file, count: this.wards.count } : null,
      failed,
      crimesAt,
      wardsAt,
    });
  }

  /** Rates use the population of the window's last year (or the latest year before it). */
  private populationFor(toMonth: number): void {
    if (this.populationText === null || this.populationYear === null) return;
    const year = Math.floor(toMonth / 12) + 1970;
    if (year === this.populationYear) return;
    try {
      const r = readPopulationWithReport(this.populationText, { now: new Date(Date.UTC(year, 11, 31)) });
      this.population = r.population;
      this.populationYear = r.year;
    } catch {
      // Keep the table read at load time.
    }
  }

  /**
   * One ward's monthly series (selected types, every loaded month) and its crime types in the
   * window: every police.uk category, whatever the type filter (it is the ward's breakdown), but
   * anti-social behaviour only when the filter includes it, so that the types add up to the
   * same "crime" as the ward's summary sentence.
   */
  private wardDetail(code: string, mask: Uint8Array, from: number, to: number, includeAsb: boolean): WardDetail | null {
    const wards = this.wards as WardSet;
    const cube = this.cube as CountCube;
    const t = this.table as CrimeTable;
    const w = wards.codes.indexOf(code);
    if (w < 0) return null;
    const { nCategories, nMonths, counts, month0 } = cube;
    const series = new Float64Array(nMonths);
    const per = new Float64Array(nCategories);
    for (let c = 0; c < nCategories; c++) {
      const o = (w * nCategories + c) * nMonths;
      for (let m = 0; m < nMonths; m++) {
        if (mask[c]) series[m] += counts[o + m];
        if (month0 + m >= from && month0 + m <= to) per[c] += counts[o + m];
      }
    }
    const types: { category: string; count: number }[] = [];
    for (let c = 1; c < nCategories; c++) if (per[c] > 0 && (includeAsb || t.categories[c] !== ASB)) types.push({ category: t.categories[c], count: per[c] });
    types.sort((p, q) => q.count - p.count || p.category.localeCompare(q.category));
    return { code, name: wards.names[w], trend: Array.from(series, (count, m) => ({ month: month0 + m, count })), types };
  }

  /** Monthly counts (inside wards, selected types) over every loaded month. */
  private trend(mask: Uint8Array): { month: number; count: number }[] {
    const cube = this.cube as CountCube;
    const out: { month: number; count: number }[] = [];
    const { nWards, nCategories, nMonths, counts } = cube;
    const series = new Float64Array(nMonths);
    for (let w = 0; w < nWards; w++)
      for (let c = 0; c < nCategories; c++) {
        if (!mask[c]) continue;
        const o = (w * nCategories + c) * nMonths;
        for (let m = 0; m < nMonths; m++) series[m] += counts[o + m];
      }
    for (let m = 0; m < nMonths; m++) out.push({ month: cube.month0 + m, count: series[m] });
    return out;
  }

  /** Counts by crime type inside the wards in the window (all types, for the breakdown chart). */
  private types(from: number, to: number): { category: string; count: number }[] {
    const cube = this.cube as CountCube;
    const t = this.table as CrimeTable;
    const { nWards, nCategories, nMonths, counts, month0 } = cube;
    const a = Math.max(0, from - month0);
    const b = Math.min(nMonths - 1, to - month0);
    const per = new Float64Array(nCategories);
    for (let w = 0; w < nWards; w++)
      for (let c = 0; c < nCategories; c++) {
        const o = (w * nCategories + c) * nMonths;
        for (let m = a; m <= b; m++) per[c] += counts[o + m];
      }
    const out: { category: string; count: number }[] = [];
    for (let c = 1; c < nCategories; c++) if (per[c] > 0) out.push({ category: t.categories[c], count: per[c] });
    return out.sort((p, q) => q.count - p.count || p.category.localeCompare(q.category));
  }

  private preset(kp: KdeParams, sel: Selection): BandwidthPreset | null {
    const t = this.table as CrimeTable;
    if (sel.rows.length < 2 && typeof kp.bandwidth !== 'number') return null;
    switch (kp.bandwidth) {
      case 'sfhotspot':
        return sfhotspotPreset(t.x, t.y, sel.rows);
      case 'arcgis':
        return arcgisPreset(t.x, t.y, null, sel.rows);
      case 'scott':
        return scottPreset(t.x, t.y, sel.rows);
      case 'practitioner':
        return practitionerPreset();
      default:
        return null;
    }
  }

  private density(kp: KdeParams, sel: Selection, withHotspots = true, compare: Selection | null = null, onSurface?: RunHooks['onSurface']): { result: KdeResult; values: Float64Array; hotspots: Hotspot[] } | null {
    const wards = this.wards as WardSet;
    const t = this.table as CrimeTable;
    const preset = this.preset(kp, sel);
    let bandwidth = typeof kp.bandwidth === 'number' ? kp.bandwidth : preset ? preset.bandwidth : NaN;
    if (kp.kernel === 'gaussian' && preset && preset.kernel !== 'gaussian' && typeof kp.bandwidth !== 'number') bandwidth = bandwidth / Math.sqrt(8);
    if (!(bandwidth > 0)) return null;
    // Guard against a degenerate rule result (e.g. all points on one map point).
    bandwidth = Math.max(bandwidth, 10);
    // Auto cell sizes are rounded to two significant figures (99.84 m → 100 m) so that the
    // grid lines fall on round BNG coordinates.
    const cell = kp.cell === 'auto' ? roundCell(preset ? preset.cell : bandwidth / 5) : kp.cell;
    const bbox = wardsBbox(wards);
    const { grid, warnings } = gridForExtent(bbox, cell, bandwidth);
    const months = kp.perMonth ? sel.to - sel.from + 1 : 1;
    // Bins are made (or taken from the cache) only if kde picks a fast method: exact needs none.
    const weighted = kp.weighted === true;
    const r = kde(t.x, t.y, weighted ? t.weight : null, {
      kernel: kp.kernel, bandwidth, grid, months, index: sel.rows,
      binned: () => this.binnedRows(sel.rows, cell, weighted),
      merged: () => this.mergedRows(sel.rows, weighted),
    });
    onSurface?.(r.values, grid, r.max);
    const wardAt = (x: number, y: number) => (this.wardIndex as WardIndex).wardAt(x, y);
    const wardAtCentre = this.centreWards(cell);
    const threshold = thresholdRule(kp.threshold);
    const hs = !withHotspots
      ? { threshold: hotspotThreshold(r.values, threshold), hotspots: [] as Hotspot[] }
      : hotspotAreas(
      { values: r.values, grid },
      { x: t.x, y: t.y, index: sel.rows, category: t.category, categories: t.categories, location: t.location, locations: t.locations, compareIndex: compare?.rows ?? null, unique: this.derived.uniquePoints(t), wardOfRow: this.wardOfRow },
      { threshold, toLonLat: this.unprojector(grid), wardAt, wardAtCentre, ...areaParams(kp) },
    );
    const corner = (x: number, y: number) => unprojectPointBng(x, y);
    const x1 = grid.x0 + grid.nx * grid.cell;
    const y1 = grid.y0 + grid.ny * grid.cell;
    const result: KdeResult = {
      grid,
      values: Float32Array.from(r.values),
      max: r.max,
      kernel: kp.kernel,
      bandwidthMetres: bandwidth,
      bandwidthSource: typeof kp.bandwidth === 'number' ? bandwidthOrigin({ kind: 'fixed' }) : preset ? bandwidthOrigin({ kind: 'rule', label: preset.label, source: preset.source }) : '',
      cellMetres: cell,
      method: r.method,
      unit: `${kp.weighted ? 'harm-weighted crimes' : 'crimes'} per km²${kp.perMonth ? ' per month' : ''}`,
      corners: [corner(grid.x0, grid.y0), corner(x1, grid.y0), corner(x1, y1), corner(grid.x0, y1)],
      warnings: warnings.map((w) => w.message),
      threshold: hs.threshold,
      areas: areaParams(kp),
    };
    return { result, values: r.values, hotspots: hs.hotspots };
  }

  /** Period 1 = the comparison window, period 2 = the window; same grid and bandwidth. */
  private stability(kp: KdeParams, cur: { result: KdeResult; values: Float64Array }, sel: Selection, prev: Selection): StabilityResult {
    const t = this.table as CrimeTable;
    const wards = this.wards as WardSet;
    const grid = cur.result.grid;
    const months = kp.perMonth ? prev.to - prev.from + 1 : 1;
    const weighted = kp.weighted === true;
    const earlier = kde(t.x, t.y, weighted ? t.weight : null, {
      kernel: kp.kernel, bandwidth: cur.result.bandwidthMetres, grid, months, index: prev.rows,
      binned: () => this.binnedRows(prev.rows, grid.cell, weighted),
      merged: () => this.mergedRows(prev.rows, weighted),
    }).values;
    const rule = thresholdRule(kp.threshold);
    const h1 = cellsAbove(earlier, hotspotThreshold(earlier, rule));
    const h2 = cellsAbove(cur.values, cur.result.threshold);
    const mask = this.studyMask(grid);
    const st = hotspotStabilityOfRows(h1, h2, { x: t.x, y: t.y, rows1: prev.rows, rows2: sel.rows }, grid, (grid.cell / 1000) ** 2, {
      N1: prev.rows.length, N2: sel.rows.length, studyAreaKm2: this.derived.studyAreaKm2(wards), mask,
    });
    // The largest rise and fall of density between the periods (changeSurfaces' difference,
    // without keeping the surfaces).
    let maxIncrease = 0;
    let maxDecrease = 0;
    const later = cur.values;
    for (let q = 0; q < later.length; q++) {
      const d = later[q] - earlier[q];
      if (d > maxIncrease) maxIncrease = d;
      if (d < maxDecrease) maxDecrease = d;
    }
    return { previousWindow: [prev.from, prev.to], pai1: st.pai1, pai2: st.pai2, rri: st.rri, jaccard: st.jaccard, entered: st.entered, left: st.left, stayed: st.stayed, maxIncrease, maxDecrease: -maxDecrease };
  }

  private hotspotResult(h: Hotspot, wards: WardSet): HotspotResult {
    const [cx, cy] = ringCentroid(h.rings[0]);
    // Crimes of the comparison window inside the same area (hotspotAreas' compareIndex; null without one).
    const previous = h.previousCount;
    return {
      id: h.id,
      rank: h.rank,
      label: h.label ? h.label : `Area ${h.rank}`,
      placeLabel: this.places.length ? nearestPlaceLabel(cx, cy, this.places) : null,
      count: h.count,
      share: h.share,
      areaKm2: h.areaKm2,
      peakDensity: h.peak,
      wardCodes: h.wards.map((w) => wards.codes[w]),
      wardNames: h.wards.map((w) => wards.names[w]),
      dominantCategories: h.categories.map((c) => ({ category: c.name, count: c.count })),
      wardCounts: Object.fromEntries(Object.entries(h.wardCounts).map(([w, c]) => [wards.codes[Number(w)], c])),
      previous,
      poissonZ: previous === null ? null : compareCounts(h.count, previous).z,
    };
  }

  private linkActions(rows: readonly WardResult[], hotspots: readonly Hotspot[], wards: WardSet, sel: { mask: Uint8Array; from: number; to: number } | null): NonNullable<AnalysisResult['actions']> {
    // The rule and the targets' category counts (current window and selection): actions/linkResult.ts.
    const counts = sel && this.cube && this.table ? wardCategoryCounts(this.cube, this.table.categories, sel.mask, sel.from, sel.to) : null;
    return linkResult({ register: this.register as ActionRegister, places: this.places, wards, rows, hotspots, counts });
  }

  private provenance(params: AnalysisParams, win: [number, number] | null, k: KdeResult | null): string {
    // The words are the phrasing service's (phrasing.ts); this gathers the facts.
    const m = this.wards?.meta;
    const popNote = this.population && this.sources.population
      ? this.populationYear !== null && this.populationYears ? populationYearNote(this.populationYear, this.populationYears, this.sources.population) : `population: ${this.sources.population}`
      : null;
    return provenanceLine({
      cubeNote: this.cubeNote,
      crimeFiles: this.sources.crimes.length,
      rowsRead: this.ingestReport?.rowsRead ?? 0,
      wards: this.wards && m ? { file: m.file, count: this.wards.count, vintage: m.vintage ?? null, crs: m.crs } : null,
      months: win ? [formatMonth(win[0]), formatMonth(win[1])] : null,
      what: describeFilter(params.filter, this.loadedTypes()),
      density: k ? `${k.kernel} kernel, bandwidth ${Math.round(k.bandwidthMetres)} m (${k.bandwidthSource}), ${k.cellMetres} m cells, EPSG:27700, ${k.unit}, ${k.method === 'exact' ? 'exact kernel sums' : `linear binning + ${k.method === 'fft' ? 'FFT' : 'stencil'} convolution`}` : null,
      areas: k ? areaMethodShort(k.areas) : null,
      population: popNote,
      plan: this.register ? this.register.plan.title : null,
    });
  }

  /** Selected points (inside wards, window, types) as WGS84 Float32 pairs for drawing. */
  points(params: AnalysisParams): { lonLat: Float32Array; category: Uint16Array; categories: string[] } {
    const win = this.window(params);
    if (!this.table || !this.wardOfRow || !win) return { lonLat: new Float32Array(0), category: new Uint16Array(0), categories: [] };
    const sel = this.select(params, win[0], win[1]);
    const t = this.table;
    const lonLat = new Float32Array(sel.rows.length * 2);
    const category = new Uint16Array(sel.rows.length);
    for (let k = 0; k < sel.rows.length; k++) {
      const i = sel.rows[k];
      lonLat[2 * k] = t.lon[i];
      lonLat[2 * k + 1] = t.lat[i];
      category[k] = t.category[i];
    }
    return { lonLat, category, categories: t.categories };
  }

  /**
   * Getis-Ord Gi* on crime counts in square cells of `cellMetres` over the wards (study
   * area = cells whose centre lies in a ward), with the window and types of `params`.
   * Significant cells come back as WGS84 square polygons with z, p and class.
   */
  giStar(params: AnalysisParams, cellMetres: number, fdr = true): { cellMetres: number; cells: number; counts: Record<string, number>; geojson: FeatureCollection<Polygon> } | null {
    const win = this.window(params);
    if (!this.table || !this.wards || !this.wardOfRow || !win) return null;
    const t = this.table;
    const sel = this.select(params, win[0], win[1]);
    const { grid } = gridForExtent(wardsBbox(this.wards), cellMetres, cellMetres);
    const counts = countGrid(t.x, t.y, null, grid, sel.rows).counts;
    const index = this.wardIndex as WardIndex;
    const mask = new Uint8Array(grid.nx * grid.ny);
    let cells = 0;
    for (let r = 0; r < grid.ny; r++)
      for (let c = 0; c < grid.nx; c++) {
        const inside = index.wardAt(grid.x0 + (c + 0.5) * grid.cell, grid.y0 + (r + 0.5) * grid.cell) >= 0;
        mask[r * grid.nx + c] = inside ? 1 : 0;
        if (inside) cells++;
      }
    const g = giStarOf(counts, grid.nx, grid.ny, { mask, fdr });
    const label = ['cold spot, 99% confidence', 'cold spot, 95% confidence', 'cold spot, 90% confidence', '', 'hot spot, 90% confidence', 'hot spot, 95% confidence', 'hot spot, 99% confidence'];
    const tally: Record<string, number> = {};
    const features: Feature<Polygon>[] = [];
    for (let i = 0; i < g.classes.length; i++) {
      const k = g.classes[i];
      if (!k) continue;
      tally[label[k + 3]] = (tally[label[k + 3]] ?? 0) + 1;
      const c = i % grid.nx;
      const r = (i - c) / grid.nx;
      const x0 = grid.x0 + c * grid.cell;
      const y0 = grid.y0 + r * grid.cell;
      const ring = [
        [x0, y0],
        [x0 + grid.cell, y0],
        [x0 + grid.cell, y0 + grid.cell],
        [x0, y0 + grid.cell],
        [x0, y0],
      ].map(([x, y]) => unprojectPointBng(x, y));
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { count: counts[i], z: g.z[i], p: g.p[i], class: k, label: label[k + 3] } });
    }
    return { cellMetres, cells, counts: tally, geojson: { type: 'FeatureCollection', features } };
  }

  /** The density grid of `params` as an ESRI ASCII grid (EPSG:27700, rows north to south). */
  asciiGrid(params: AnalysisParams): string | null {
    const win = this.window(params);
    if (!params.kde || !this.table || !this.wardOfRow || !win) return null;
    // Only the surface: no ward table, comparison or linking.
    const d = this.density(params.kde, this.select(params, win[0], win[1]), false);
    return d ? toAsciiGrid(d.values, d.result.grid, { decimals: 6 }) : null;
  }

  /** Top-k hotspot areas as patrol areas with running share of crime, share of area and PAI. */
  patrolAreas(params: AnalysisParams, k: number, result?: AnalysisResult): { rows: PatrolRow[]; geojson: FeatureCollection<Polygon> } {
    const r = result ?? this.run(params);
    const wards = this.wards;
    const studyKm2 = wards ? this.derived.studyAreaKm2(wards) : 0;
    const features = r.hotspotGeojson.features as Feature<Polygon>[];
    const places = r.hotspots.map((h, i) => ({ id: h.id, label: hotspotName(h), count: h.count, areaKm2: h.areaKm2, feature: features[i] }));
    return patrolAreas(places, r.totalInWards, studyKm2, k);
  }
}

function prevWindow(params: AnalysisParams, from: number, to: number): [number, number] {
  const p = params.compare === 'previous' || !params.compare ? previousPeriod(from, to) : params.compare;
  return [p.from, p.to];
}

/**
 * Properties of a hotspot area's GeoJSON feature, built in one literal (spreading the engine's
 * feature properties into these cost ~10 ms a London run): count, share, areaKm2, peak, label,
 * id, rank as the engine gives them, then the place, the display name, peak density, wards and top crime types.
 */
function hotspotProps(h: HotspotResult, peak: number): Record<string, unknown> {
  return {
    count: h.count,
    share: h.share,
    areaKm2: h.areaKm2,
    peak,
    label: h.label,
    id: h.id,
    rank: h.rank,
    place: h.placeLabel,
    // The area's one display name (hotspots/naming.ts), as every view shows it.
    name: hotspotName(h),
    peakDensity: h.peakDensity,
    wards: h.wardNames.join('; '),
    wardCodes: h.wardCodes.join('; '),
    topTypes: h.dominantCategories.map((c) => `${c.category} (${c.count})`).join('; '),
  };
}

/** "Hollowfield (synthetic demo)" → "Hollowfield": the headline names the area, not its label. */
function boroughName(b: string | null): string | null {
  if (!b) return null;
  return b.replace(/\s*\(synthetic[^)]*\)\s*$/i, '').trim() || null;
}

function roundCell(c: number): number {
  if (!(c > 0)) return 50;
  const p = Math.pow(10, Math.floor(Math.log10(c)) - 1);
  return Math.max(5, Math.round(c / p) * p);
}

/**
 * True when `next` covers another area than `prev`: no ward code in common, and fewer than half
 * of its wards have their centre (the centroid of the first ring) inside a loaded ward.
 */
function isAnotherArea(prev: WardSet, index: WardIndex, next: WardSet): boolean {
  const codes = new Set(prev.codes);
  if (next.codes.some((c) => codes.has(c))) return false;
  let inside = 0;
  for (let w = 0; w < next.count; w++) {
    const ring = next.coords.subarray(2 * next.ringOffsets[next.wardRings[w]], 2 * next.ringOffsets[next.wardRings[w] + 1]);
    const pts: [number, number][] = [];
    for (let i = 0; i < ring.length; i += 2) pts.push([ring[i], ring[i + 1]]);
    const [cx, cy] = ringCentroid(pts);
    if (index.wardAt(cx, cy) >= 0) inside++;
  }
  return inside < next.count / 2;
}

/** A ward's rings as flat Float64Arrays of x,y pairs. */
export function wardRings(w: WardSet, ward: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = w.wardRings[ward]; r < w.wardRings[ward + 1]; r++) out.push(w.coords.slice(2 * w.ringOffsets[r], 2 * w.ringOffsets[r + 1]));
  return out;
}

function ringCentroid(ring: readonly [number, number][]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  if (Math.abs(a) < 1e-9) return ring[0];
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * Columns of a generic crime CSV guessed from its header, or null when the guess lacks
 * coordinates (longitude/latitude or easting/northing) or a date/month column.
 */
function guessMapping(bytes: Uint8Array): ColumnMapping | null {
  const head = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, '');
  const line = head.split(/\r?\n/)[0] ?? '';
  const m = suggestMapping(headerFields(line));
  const coords = (m.lon && m.lat) || (m.easting && m.northing);
  return coords && (m.date || m.month) ? m : null;
}


/**
 * A delimited file whose columns were not recognised: not loaded, with its header and a partial
 * guess for the page's column-mapping form (the CLI's --columns does the same).
 */
function needsMappingMessage(name: string, bytes: Uint8Array): IngestMessage {
  const head = decodeText(bytes.subarray(0, SNIFF_BYTES)).text.replace(/^\uFEFF/, '');
  const header = headerFields(head).filter((f) => f !== '');
  const suggestion = Object.fromEntries(Object.entries(suggestMapping(header)).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return {
    level: 'error',
    file: name,
    line: 1,
    code: 'needs-mapping',
    header,
    suggestion,
    message: `the columns were not recognised (${header.slice(0, 12).join(', ')}${header.length > 12 ? ', …' : ''}): say which hold the longitude and latitude (or easting and northing) and the month or date`,
  };
}

/** A file of no kind this tool reads; a police.uk outcomes or stop-and-search file is named as such. */
function unreadableMessage(name: string, bytes: Uint8Array): IngestMessage {
  const text = decodeText(bytes.subarray(0, SNIFF_BYTES)).text;
  const base = name.split(/[\\/]/).pop() ?? name;
  const why = notStreetLevelReason(base, headerFields(text));
  if (why) return { level: 'error', file: name, line: 0, code: 'not-street-level', message: why };
  return { level: 'error', file: name, line: 0, code: 'unreadable', message: 'not a file Hotspot Atlas can read (expected police.uk CSV or JSON, ward boundaries, a population table, places or an action register)' };
}

/** Line feeds in a chunk (≈ rows; quoted newlines make it an over-estimate, which is the safe side). */
function countLines(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

function megabytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.round(n / 1024 ** 2).toLocaleString('en-GB')} MB`;
}

function toMessage(e: unknown, file: string): IngestMessage {
  if (e instanceof IngestError) return { level: 'error', file: e.file || file, line: e.line, message: e.problem };
  if (e instanceof GridError) return { level: 'error', file, line: 0, message: e.message };
  const msg = e instanceof Error ? e.message : String(e);
  return { level: 'error', file, line: 0, message: msg };
}

/** The n of the top-n shares: 1–10, then 15, 20, 25, 50, 100, 200, 500, 1000 (at most the number of wards), and the headline's n. */
export function topSteps(nWards: number, headlineN: number): number[] {
  const steps = new Set<number>();
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 50, 100, 200, 500, 1000]) if (n <= nWards) steps.add(n);
  if (headlineN >= 1 && headlineN <= nWards) steps.add(headlineN);
  return [...steps].sort((a, b) => a - b);
}
