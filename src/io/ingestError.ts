/** A whole-file problem (empty, not a crime file, header not recognised, broken JSON). */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line (or JSON record); 0 when the problem concerns the whole file. */
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}, line ${line}: ${problem}`);
    this.name = 'IngestError';
  }
}
