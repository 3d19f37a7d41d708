/**
 * The worker's side of opening a cube (engine/cubeInput.ts, engine/cubeArea.ts): keeps the
 * dropped cube's file handles and the loaded boundaries, and opens the chosen area into a fresh
 * AnalysisSession. Thin: the reading, counting and choosing are the engine's.
 */
import { AnalysisSession } from '../analysis/session.ts';
import type { WardSet } from '../core/types.ts';
import {
  holdsCube,
  indexCube,
  isCubePath,
  isManifestPath,
  readFooter,
  readJson,
  type CubeFileHandle,
  type CubeFolder,
  type CubeManifest,
} from '../io/cubeFolder.ts';
import { DEFAULT_CUBE_MONTHS, openCubeArea } from '../engine/cubeInput.ts';
import { areaChoices, areaWards, defaultArea } from '../engine/cubeArea.ts';
import type { CubeState, PickedInputFile } from './protocol.ts';

function handle(f: PickedInputFile): CubeFileHandle {
  return { path: f.name, size: f.file.size, read: (s, e) => f.file.slice(s, e).arrayBuffer() };
}

export class CubeLoader {
  private folder: CubeFolder | null = null;
  private wards: WardSet | null = null;
  private state: CubeState | null = null;

  /** The cube's files of a load (Parquet files, partition records, the manifest beside them), and the rest. */
  split(files: PickedInputFile[]): { cube: PickedInputFile[]; rest: PickedInputFile[] } {
    if (!holdsCube(files.map((f) => f.name))) return { cube: [], rest: files };
    const inCube = (f: PickedInputFile) => isCubePath(f.name) || isManifestPath(f.name);
    return { cube: files.filter(inCube), rest: files.filter((f) => !inCube(f)) };
  }

  get active(): boolean {
    return this.folder !== null;
  }

  reset(): void {
    this.folder = null;
    this.wards = null;
    this.state = null;
    this.opened = null;
    this.openedWards = null;
    this.ignored = null;
  }

  setFiles(files: PickedInputFile[]): void {
    this.folder = indexCube(files.map(handle));
    this.state = null;
    // Read the footers (a few KB each) while the user chooses the area: opening it then reads only data.
    const first = this.folder.partitions.map((p) => p.cells[0] ?? p.wards[0]).filter((f) => f !== undefined);
    void Promise.all(first.map((f) => readFooter(f).catch(() => null)));
  }

  /** After a load: the cube opened for the default area of the loaded wards, or what it waits for. */
  async afterLoad(session: AnalysisSession): Promise<{ session: AnalysisSession | null; state: CubeState }> {
    const folder = this.folder as CubeFolder;
    const wards = session.wardSet && session.wardSet !== this.openedWards ? session.wardSet : this.wards;
    if (!wards) {
      const manifest = folder.manifest ? await readJson<CubeManifest>(folder.manifest).catch(() => null) : null;
      const files = (manifest?.boundaries?.files ?? []).map((p) => p.split(/[/\\]/).pop()).join(', ');
      const waiting = `A cube holds ward codes, not ward shapes: drop the ward boundary file it was made with${files ? ` (${files}${manifest?.boundaries?.vintage ? `, ${manifest.boundaries.vintage} wards` : ''})` : ''} to draw and count its wards.`;
      return {
        session: null,
        state: (this.state = {
          choices: [],
          area: null,
          summary: null,
          waiting,
          warning: null,
          latest: DEFAULT_CUBE_MONTHS,
        }),
      };
    }
    this.wards = wards;
    // Crimes from crime files (dropped with the cube, or before it) are not mixed with a cube's counts.
    const crimes = session !== this.opened ? session.crimeCount : 0;
    this.ignored = crimes
      ? `The ${crimes.toLocaleString('en-GB')} crimes of the crime files loaded are not used: a cube and crime files are not mixed in one session (Clear, then load the crime files alone to analyse them).`
      : this.ignored;
    const area = defaultArea(wards);
    if (area === null)
      return {
        session: null,
        state: (this.state = {
          choices: areaChoices(wards),
          area: null,
          summary: null,
          waiting: `Choose the area of the cube to open: ${wards.count} wards are loaded.`,
          warning: this.ignored,
          latest: DEFAULT_CUBE_MONTHS,
        }),
      };
    return this.open(area, session);
  }

  private openedWards: WardSet | null = null;
  /** The session of the open area (its crimes are the cube's). */
  private opened: AnalysisSession | null = null;
  /** The open area has no crime of the cube (boundaries of another vintage). */
  private empty = false;
  /** Why crimes of crime files were left out, or null. */
  private ignored: string | null = null;

  /** Opens an area of the cube into a new session (the old one's action register is kept). */
  async open(
    area: string,
    old: AnalysisSession,
    latest = DEFAULT_CUBE_MONTHS,
  ): Promise<{ session: AnalysisSession; state: CubeState }> {
    if (!this.folder || !this.wards) throw new Error('no cube is loaded');
    const t = await openCubeArea(this.folder, areaWards(this.wards, area), { latest });
    const s = new AnalysisSession();
    s.absorbCube(t);
    if (old.loadedRegister) s.setRegister(old.loadedRegister);
    this.openedWards = t.wards;
    this.opened = s;
    this.empty = t.table.length === 0;
    const vintage = t.summary.boundaryVintage;
    const warning = t.table.length
      ? null
      : `No crime of the cube is in these wards${t.summary.boundaryFiles.length ? `: the cube was made with ${t.summary.boundaryFiles.join(', ')}${vintage ? ` (${vintage} wards)` : ''}; drop that boundary file` : ''}.`;
    this.state = {
      choices: areaChoices(this.wards),
      area,
      summary: t.summary,
      waiting: null,
      warning: [warning, this.ignored].filter(Boolean).join(' ') || null,
      latest,
    };
    return { session: s, state: this.state };
  }

  /** An area is open and holds crimes of the cube: files dropped now replace the cube (worker). */
  get openWithCrimes(): boolean {
    return !!this.state?.summary && !this.empty;
  }

  get current(): CubeState | null {
    return this.state;
  }
}
