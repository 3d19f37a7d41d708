/**
 * The session's inputs: every file routed by its content to the crime ingest, the ward
 * boundaries, the population table, the places or the action register, with a message for
 * each file that was not read. This is the only mutable part of the engine; everything else
 * (engine/derived.ts) is derived from what is here, keyed by identity.
 *
 *   addFiles        any mix of whole files (format detected from the content)
 *   addCrimeStream  one crime file chunk by chunk, within STREAM_LIMITS
 *   absorbCrimePart a police.uk CSV parsed in another thread (the CLI's threads)
 *   setRegister     the action register edited in the page
 *
 * The crime table is re-made from the ingest after a load (`table ← ingest`); wards are
 * replaced or extended by a boundary load (`wards ← boundary files`).
 */
import { CrimeIngest, IngestError, type ColumnMapping } from '../io/crimeIngest.ts';
import type { IngestedPart } from '../io/ingestPart.ts';
import { detectFormat, SNIFF_BYTES } from '../io/detectFormat.ts';
import { readPopulationWithReport, type PopulationYears } from '../io/population.ts';
import { readPlaces } from '../io/places.ts';
import { maybeGunzip } from '../io/gzip.ts';
import { concatBytes } from '../io/bytes.ts';
import { parseRegisterCsv, parseRegisterJson } from '../io/registers.ts';
import type { CubeTable } from './cubeInput.ts';
import { fillProjection } from '../core/bng.ts';
import type { ActionRegister, Place } from '../core/actionTypes.ts';
import type { CrimeTable, IngestMessage, IngestReport, WardSet } from '../core/types.ts';
import type { WardIndex } from '../analysis/wardIndex.ts';
import { readBoundaryLoad } from './boundaryLoad.ts';
import {
  countLines,
  guessedMessage,
  guessMapping,
  megabytes,
  needsMappingMessage,
  toMessage,
  unreadableMessage,
} from './loadMessages.ts';

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
  onProgress?: (p: {
    file: string;
    filesDone: number;
    filesTotal: number;
    bytesRead: number;
    rowsRead: number;
  }) => void;
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
  /**
   * The file's bytes after those of `chunks`, read in another thread (io/restPart.ts): its
   * part is added to the file when it can be (CrimeIngest.absorbRest; `absorbed` is then set),
   * else `chunks` are read here.
   */
  rest?: { part: Promise<IngestedPart | null>; chunks: () => AsyncIterable<Uint8Array>; absorbed?: boolean };
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

/** The population table as loaded: its text (re-read for other years) and the year read at load time. */
export interface PopulationInput {
  map: Map<string, number>;
  text: string;
  year: number | null;
  years: PopulationYears | null;
  source: string;
}

/** The files each input came from (provenance, diagnosis). */
export interface Sources {
  crimes: string[];
  boundaries: string[];
  population: string | null;
  register: string | null;
  places: string[];
}

const SHAPEFILE_PART = /\.(shp|shx|dbf|prj|cpg|qix|sbn|sbx|xml)$/i;
const emptySummary = (): LoadSummary => ({ crimesFiles: 0, boundaryFiles: 0, other: [], messages: [] });

export class SessionInputs {
  private readonly ingest: CrimeIngest;
  private crimeTable: CrimeTable | null = null;
  private ingestReport: IngestReport | null = null;
  private wardSet: WardSet | null = null;
  private populationInput: PopulationInput | null = null;
  private placeList: Place[] = [];
  private actionRegister: ActionRegister | null = null;
  private readonly said: IngestMessage[] = [];
  private readonly files: Sources = { crimes: [], boundaries: [], population: null, register: null, places: [] };
  private crimesDirty = false;
  /** An opened cube's area (absorbCube): its rows' wards as the cube gave them, and its provenance. */
  private cubeInput: CubeTable | null = null;
  /** The boundary files of the loaded ward set (a later load of another area's wards is merged with them). */
  private boundaryFiles: SessionFile[] = [];
  /** Bytes of crime files streamed in (addCrimeStream), for STREAM_LIMITS.maxTotalBytes. */
  private crimeBytes = 0;
  /** Lines of streamed files not yet in ingestReport (defer: true). */
  private deferredLines = 0;

  constructor(
    private readonly now: Date,
    /** The ward index of a ward set (the derivation graph's, so that it is built once). */
    private readonly indexOf: (w: WardSet) => WardIndex,
  ) {
    this.ingest = new CrimeIngest({ now });
  }

  /** The opened cube whose table is the crime table, or null (crimes from files). */
  get cube(): CubeTable | null {
    return this.cubeInput && this.cubeInput.table === this.crimeTable ? this.cubeInput : null;
  }

  get table(): CrimeTable | null {
    return this.crimeTable;
  }
  get report(): IngestReport | null {
    return this.ingestReport;
  }
  get wards(): WardSet | null {
    return this.wardSet;
  }
  get population(): PopulationInput | null {
    return this.populationInput;
  }
  get places(): readonly Place[] {
    return this.placeList;
  }
  get register(): ActionRegister | null {
    return this.actionRegister;
  }
  get messages(): readonly IngestMessage[] {
    return this.said;
  }
  get sources(): Readonly<Sources> {
    return this.files;
  }

  /** Load any mix of files; the format of each is detected from its content. */
  addFiles(files: readonly SessionFile[], options: LoadOptions = {}): LoadSummary {
    const boundary: SessionFile[] = [];
    const summary = emptySummary();
    const say = this.sayer(summary);
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
      try {
        this.routeFile(f, options, say, summary, boundary);
      } catch (e) {
        say(toMessage(e, f.name));
      }
      done++;
      options.onProgress?.({
        file: f.name,
        filesDone: done,
        filesTotal: files.length,
        bytesRead,
        rowsRead: this.rowsSoFar(),
      });
    }
    if (boundary.length) this.addBoundaries(boundary, options, say, summary);
    this.refresh();
    return summary;
  }

  /** One whole file to the input its content says it is (boundary files are collected for one read). */
  private routeFile(
    f: SessionFile,
    options: LoadOptions,
    say: (m: IngestMessage) => void,
    summary: LoadSummary,
    boundary: SessionFile[],
  ): void {
    const base = f.name.split(/[\\/]/).pop() ?? f.name;
    const kind = SHAPEFILE_PART.test(base) ? 'shapefile-part' : detectFormat(base, f.bytes.subarray(0, SNIFF_BYTES));
    switch (kind) {
      case 'generic-csv': {
        // A mapping given by the user wins; otherwise the columns are guessed from the
        // header and the guess is reported, never applied silently.
        const mapping = options.mapping ?? guessMapping(f.bytes);
        if (!mapping) return say(needsMappingMessage(f.name, f.bytes));
        if (!options.mapping) say(guessedMessage(f.name, mapping));
        this.ingest.addFile(f.name, f.bytes, { now: this.now, mapping: mapping ?? undefined });
        return this.crimeFileAdded(f.name, summary);
      }
      case 'police-uk-csv':
      case 'police-uk-api-json':
        this.ingest.addFile(f.name, f.bytes, { now: this.now });
        return this.crimeFileAdded(f.name, summary);
      case 'boundaries-geojson':
      case 'boundaries-topojson':
      case 'shapefile-zip':
      case 'shapefile-part':
        boundary.push(f);
        return;
      case 'population-csv': {
        const text = new TextDecoder().decode(f.bytes);
        const r = readPopulationWithReport(text, { now: this.now });
        this.populationInput = { map: r.population, text, year: r.year, years: r.years, source: f.name };
        this.files.population = f.name;
        for (const w of r.warnings) say({ level: 'warning', file: f.name, line: 0, message: w });
        summary.other.push(f.name);
        return;
      }
      case 'places':
        this.placeList = this.placeList.concat(readPlaces(f.name, f.bytes));
        this.files.places.push(f.name);
        summary.other.push(f.name);
        return;
      case 'actions': {
        const text = new TextDecoder().decode(f.bytes);
        const r = /\.csv$/i.test(base) ? parseRegisterCsv(text, f.name) : parseRegisterJson(text, f.name);
        for (const m of r.errors) say(m);
        if (r.register) this.setRegister(r.register, f.name);
        summary.other.push(f.name);
        return;
      }
      case 'basemap-pmtiles':
        // A map basemap is drawn by the page (app/map/basemapSource.ts), never read as data.
        return say({
          level: 'info',
          file: f.name,
          line: 0,
          message: 'a PMTiles basemap: not data; the page draws it under the map (the analysis does not read it)',
        });
      default:
        if (!/\S/.test(new TextDecoder().decode(f.bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, ''))) {
          return say({
            level: 'error',
            file: f.name,
            line: 0,
            message: f.bytes.length ? 'empty file (only white space)' : 'empty file (0 bytes)',
          });
        }
        say(unreadableMessage(f.name, f.bytes));
    }
  }

  private crimeFileAdded(name: string, summary: LoadSummary): void {
    this.files.crimes.push(name);
    this.crimesDirty = true;
    summary.crimesFiles++;
  }

  /** Boundary files of one load: added to the loaded wards or replacing them (boundaryLoad.ts); a failed read keeps what was loaded. */
  private addBoundaries(
    boundary: SessionFile[],
    options: LoadOptions,
    say: (m: IngestMessage) => void,
    summary: LoadSummary,
  ): void {
    try {
      const prev = this.wardSet
        ? { wards: this.wardSet, index: this.indexOf(this.wardSet), files: this.boundaryFiles }
        : null;
      const r = readBoundaryLoad(boundary, prev, { codeField: options.codeField, nameField: options.nameField });
      this.wardSet = r.wards;
      this.boundaryFiles = r.files;
      this.files.boundaries = r.files.map((f) => f.name);
      summary.boundaryFiles = boundary.length;
      r.messages.forEach(say);
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
  async addCrimeStream(
    name: string,
    size: number,
    chunks: AsyncIterable<Uint8Array>,
    options: StreamOptions = {},
  ): Promise<LoadSummary> {
    const summary = emptySummary();
    const say = this.sayer(summary);
    const maxRows = options.maxRows ?? STREAM_LIMITS.maxRows;
    const maxBytes = options.maxTotalBytes ?? STREAM_LIMITS.maxTotalBytes;
    if (this.crimeBytes + size > maxBytes) {
      say({
        level: 'error',
        file: name,
        line: 0,
        message: `not loaded: ${megabytes(size)} would take the crime files of this session to ${megabytes(this.crimeBytes + size)}, over the ${megabytes(maxBytes)} limit (split the extract, or load fewer months)`,
      });
      return summary;
    }
    const before = this.rowsSoFar() + (this.crimesDirty ? this.deferredLines : 0);
    const head: Uint8Array[] = [];
    let headLength = 0;
    let open = false;
    const seen = { bytesRead: 0, lines: 0 };
    let lastProgress = 0;
    let needsMapping: IngestMessage | null = null;
    const begin = () => {
      const first = concatBytes(head, headLength);
      head.length = 0;
      const opened = this.openStream(name, size, first, seen, before, maxRows, options.mapping, say);
      needsMapping = opened.needsMapping;
      if (!opened.ok) throw new IngestError(name, 1, (opened.needsMapping as IngestMessage).message);
      open = true;
      if (first.length) this.ingest.pushChunk(first);
    };
    const take = (chunk: Uint8Array) => {
      seen.bytesRead += chunk.length;
      seen.lines += countLines(chunk);
      if (!open) {
        head.push(chunk.slice());
        headLength += chunk.length;
        if (headLength >= STREAM_LIMITS.projectAfterBytes) begin();
      } else {
        if (before + seen.lines > maxRows) throw new IngestError(name, seen.lines, tooManyRows(seen.lines, maxRows));
        this.ingest.pushChunk(chunk);
      }
      const now = Date.now();
      if (options.onProgress && now - lastProgress >= 100) {
        lastProgress = now;
        options.onProgress({ file: name, bytesRead: seen.bytesRead, rowsRead: before + seen.lines });
      }
    };
    try {
      for await (const chunk of chunks) if (chunk.length) take(chunk);
      if (options.rest) {
        const part = open ? await options.rest.part : null;
        // Rows (≈ lines) of the rest counted as read here; past the row limit, read here to say so.
        if (part && before + seen.lines + part.report.rowsRead <= maxRows && this.ingest.absorbRest(part)) {
          seen.bytesRead += part.report.bytes;
          seen.lines += part.report.rowsRead;
          options.rest.absorbed = true;
        } else for await (const chunk of options.rest.chunks()) if (chunk.length) take(chunk);
      }
      if (!open) begin();
      this.ingest.endFile();
      this.crimeBytes += seen.bytesRead;
      this.deferredLines = (this.crimesDirty ? this.deferredLines : 0) + seen.lines;
      this.crimeFileAdded(name, summary);
    } catch (e) {
      // CrimeIngest drops a file whose parser threw; a limit hit here must drop it too.
      if (open) this.ingest.abortFile(e);
      say(needsMapping ?? toMessage(e, name));
    }
    if (!options.defer) this.refresh();
    options.onProgress?.({
      file: name,
      bytesRead: seen.bytesRead,
      rowsRead: this.rowsSoFar() + (this.crimesDirty ? this.deferredLines : 0),
    });
    return summary;
  }

  /**
   * Open a streamed file in the ingest once its first megabyte (or all of it) is seen: refused
   * (throws) when the rows projected from it would pass maxRows; { ok: false } with the
   * column-mapping message when a generic CSV's columns were not recognised.
   */
  private openStream(
    name: string,
    size: number,
    first: Uint8Array,
    seen: { bytesRead: number; lines: number },
    before: number,
    maxRows: number,
    given: ColumnMapping | undefined,
    say: (m: IngestMessage) => void,
  ): { ok: boolean; needsMapping: IngestMessage | null } {
    // Projection from what has been seen (the whole file when it is small).
    const projected =
      seen.bytesRead >= size ? seen.lines : Math.ceil((seen.lines * size) / Math.max(1, seen.bytesRead));
    if (before + projected > maxRows) throw new IngestError(name, 0, tooManyRows(projected, maxRows));
    const base = name.split(/[\\/]/).pop() ?? name;
    let mapping = given;
    if (!mapping && detectFormat(base, first.subarray(0, SNIFF_BYTES)) === 'generic-csv') {
      const guess = guessMapping(first);
      if (!guess) return { ok: false, needsMapping: needsMappingMessage(name, first) };
      mapping = guess;
      say(guessedMessage(name, guess));
    }
    this.ingest.beginFile(name, size, undefined, { now: this.now, mapping });
    return { ok: true, needsMapping: null };
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
    this.files.crimes.push(part.name);
    this.deferredLines = (this.crimesDirty ? this.deferredLines : 0) + part.report.rowsRead;
    this.crimesDirty = true;
    return true;
  }

  /** Replace the action register (e.g. after edits in the page). */
  setRegister(register: ActionRegister | null, source: string): void {
    this.actionRegister = register;
    this.files.register = register ? source : null;
  }

  /**
   * An area of a cube instead of crime files (engine/cubeInput.ts): its wards, and rows whose
   * ward the cube gave (not re-assigned: the session's assignment comes from `cube`).
   */
  absorbCube(c: CubeTable): LoadSummary {
    this.wardSet = c.wards;
    this.crimeTable = c.table;
    this.ingestReport = c.report;
    this.crimesDirty = false;
    this.files.crimes = [c.summary.provenance];
    this.cubeInput = c;
    return { crimesFiles: 0, boundaryFiles: 0, other: [], messages: [] };
  }

  private sayer(summary: LoadSummary): (m: IngestMessage) => void {
    return (m) => {
      summary.messages.push(m);
      this.said.push(m);
    };
  }

  private rowsSoFar(): number {
    return this.ingestReport?.rowsRead ?? 0;
  }

  /** table ← ingest: a new crime table (projected to BNG) when crime files were added. */
  private refresh(): void {
    if (!this.crimesDirty) return;
    const { table, report } = this.ingest.finish();
    fillProjection(table);
    this.crimeTable = table;
    this.ingestReport = report;
    this.crimesDirty = false;
  }
}

function tooManyRows(rows: number, maxRows: number): string {
  return `not loaded: about ${rows.toLocaleString('en-GB')} rows in this file would take the session past the limit of ${maxRows.toLocaleString('en-GB')} rows (about ${megabytes(maxRows * STREAM_LIMITS.bytesPerRow)} of memory); split the extract or load fewer months`;
}
