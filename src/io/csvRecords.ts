/**
 * Streaming CSV record splitter over bytes. Chunks may end anywhere (inside a line, a
 * quoted field or a multi-byte character); the records handed out are the same whatever
 * the chunking, because every decision depends only on the bytes of the file:
 *
 * - Fast path: a line without a `"` is split at the delimiter, no strings made.
 * - A line containing `"` is re-read by an RFC 4180 state machine: a field starting with
 *   `"` is quoted; `""` inside it is a quote; delimiters and newlines inside it are data.
 *   Lenient: a `"` inside an unquoted field is a literal; text after a closing quote is
 *   appended to the field.
 * - A record must end within MAX_RECORD bytes of its start (or at end of file, with its
 *   quotes closed). Otherwise it is handed out as unreadable (nFields = -1) and covers its
 *   physical line only, so a stray quote cannot swallow the rest of the file.
 * - A UTF-8 BOM at the start is skipped; CRLF and LF both end lines (a lone CR does not);
 *   empty lines are skipped but counted; a last line without a newline is a record.
 * - Line numbers are 1-based physical lines; a record's number is the line it starts on.
 */

export const MAX_RECORD = 1 << 16;

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * One record: field i is fieldBuf[starts[i], ends[i]) for i < min(nFields, starts.length);
 * nFields = -1 when the record could not be read. rawBuf[rawStart, rawEnd) is the record's
 * bytes as in the file, line terminator excluded.
 */
export type RecordHandler = (
  fieldBuf: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  nFields: number,
  rawBuf: Uint8Array,
  rawStart: number,
  rawEnd: number,
  line: number,
) => void;

/**
 * Plain-line handler (a fast path for one known format): called at the start s of each
 * record with limit = the end of the bytes available, or s + MAX_RECORD + 1 if less. If it
 * finds the line's LF before limit and the line has no `"`, it handles the record itself
 * (lines that are empty once a CR before the LF is dropped are to be skipped, as the
 * reader does) and returns the LF's position; otherwise it must hand out nothing and
 * return -1, and the reader carries on as without it (quotes, overlong lines, chunk ends).
 */
export type LineHandler = (buf: Uint8Array, start: number, limit: number, line: number) => number;

/** Delimiters tried when auto-detecting: comma, semicolon, tab, pipe. */
const CANDIDATES = [44, 59, 9, 124];

/** The delimiter of a header line: the candidate occurring most often (ties → comma). */
export function detectDelimiter(buf: Uint8Array, s: number, e: number): number {
  let best = 44;
  let bestCount = 0;
  for (const d of CANDIDATES) {
    let c = 0;
    for (let i = s; i < e; i++) if (buf[i] === d) c++;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

export class CsvRecordReader {
  /** Line number the next record starts on. */
  line = 1;
  /** Field delimiter byte; 0 = detect from the first non-empty line. */
  delimiter: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private carry: Uint8Array | null = null;
  private started = false;
  private skipping = false;
  private scratch = new Uint8Array(MAX_RECORD + 8);
  private readonly onRecord: RecordHandler;
  /** See LineHandler; set once the header is read, to take over plain lines. */
  onLine: LineHandler | null = null;
  /** Search quotes line by line instead of over the rest of the chunk (set with onLine). */
  lineQuoteSearch = false;

  constructor(onRecord: RecordHandler, delimiter = 44, maxFields = 256) {
    this.onRecord = onRecord;
    this.delimiter = delimiter;
    this.starts = new Int32Array(maxFields);
    this.ends = new Int32Array(maxFields);
  }

  /**
   * Whether every byte pushed so far has been handed out as whole records (nothing carried
   * over, not skipping an overlong line): the next byte then starts a record, as it would
   * when reading on, so the rest of the file may be read by another reader from there.
   */
  atRecordBoundary(): boolean {
    return this.started && this.carry === null && !this.skipping;
  }

  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry && this.started && this.carry.length <= MAX_RECORD) {
      // The carried partial line completed by the chunk's first line, handed out from a small
      // buffer; the chunk's other lines are then read in place, not copied behind the carry
      // (a 1 MiB copy per chunk). When the small buffer does not end on a record boundary (a
      // quoted line break), what is left of it is read with the rest of the chunk, as before.
      const lf = chunk.indexOf(LF);
      if (lf >= 0) {
        const carry = this.carry;
        const small = new Uint8Array(carry.length + lf + 1);
        small.set(carry);
        small.set(chunk.subarray(0, lf + 1), carry.length);
        this.carry = null;
        const used = this.process(small, false);
        if (used === small.length) buf = chunk.subarray(lf + 1);
        else {
          buf = new Uint8Array(small.length - used + chunk.length - lf - 1);
          buf.set(small.subarray(used));
          buf.set(chunk.subarray(lf + 1), small.length - used);
        }
        const rest = this.process(buf, false);
        // Copy: the caller may reuse its chunk buffer.
        if (rest < buf.length) this.carry = buf.slice(rest);
        return;
      }
    }
    if (this.carry) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry);
      buf.set(chunk, this.carry.length);
      this.carry = null;
    }
    if (!this.started) {
      if (buf.length < 3) {
        this.carry = buf.slice();
        return;
      }
      buf = this.skipBom(buf);
    }
    const used = this.process(buf, false);
    // Copy: the caller may reuse its chunk buffer.
    if (used < buf.length) this.carry = buf.slice(used);
  }

  end(): void {
    let buf = this.carry ?? new Uint8Array(0);
    this.carry = null;
    if (!this.started) buf = this.skipBom(buf);
    this.process(buf, true);
  }

  private skipBom(buf: Uint8Array): Uint8Array {
    this.started = true;
    return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  }

  /** Hands out every complete record of buf; returns the number of bytes consumed. */
  // eslint-disable-next-line max-lines-per-function -- the per-byte loop of every CSV read, kept in one function so V8 keeps its locals in registers (no call per record).
  private process(buf: Uint8Array, final: boolean): number {
    const n = buf.length;
    const starts = this.starts;
    const ends = this.ends;
    const maxF = starts.length;
    let pos = 0;
    let nextQuote = -1;
    while (pos < n) {
      if (this.skipping) {
        const lf = buf.indexOf(LF, pos);
        if (lf < 0) return n;
        this.skipping = false;
        this.line++;
        pos = lf + 1;
        continue;
      }
      const s = pos;
      if (this.delimiter === 0) {
        let lf = buf.indexOf(LF, s);
        if (lf < 0) {
          if (!final && n - s <= MAX_RECORD) return s;
          lf = n;
        }
        const e = Math.min(lf, s + MAX_RECORD);
        if (e > s && !(e === s + 1 && buf[s] === CR)) this.delimiter = detectDelimiter(buf, s, e);
      }
      const onLine = this.onLine;
      if (onLine !== null) {
        const lf = onLine(buf, s, Math.min(n, s + MAX_RECORD + 1), this.line);
        if (lf >= 0) {
          this.line++;
          pos = lf + 1;
          continue;
        }
      }
      const delim = this.delimiter || 44;
      // Where the next quote is (searched natively, once per chunk when there is none).
      if (nextQuote < s) {
        if (this.lineQuoteSearch) {
          // Only this line: with a LineHandler the general path sees few lines of a big chunk.
          let end = buf.indexOf(LF, s);
          if (end < 0) end = n;
          const q = buf.subarray(s, end).indexOf(QUOTE);
          nextQuote = q < 0 ? end : s + q;
        } else {
          nextQuote = buf.indexOf(QUOTE, s);
          if (nextQuote < 0) nextQuote = n;
        }
      }
      let lf = buf.indexOf(LF, s);
      if (lf < 0) lf = n;
      if (nextQuote >= lf) {
        if (lf - s > MAX_RECORD || (lf === n && !final && n - s > MAX_RECORD)) {
          this.unreadable(buf, s, Math.min(lf, s + MAX_RECORD), lf, n);
          pos = lf < n ? lf + 1 : n;
          continue;
        }
        if (lf === n && !final) return s;
        let re = lf;
        if (re > s && buf[re - 1] === CR) re--;
        pos = lf < n ? lf + 1 : n;
        if (re === s) {
          this.line++;
          continue;
        }
        let nf = 0;
        let fs = s;
        for (let i = s; i < re; i++) {
          if (buf[i] === delim) {
            if (nf < maxF) {
              starts[nf] = fs;
              ends[nf] = i;
            }
            nf++;
            fs = i + 1;
          }
        }
        if (nf < maxF) {
          starts[nf] = fs;
          ends[nf] = re;
        }
        nf++;
        const line = this.line++;
        this.onRecord(buf, starts, ends, nf, buf, s, re, line);
        continue;
      }
      // Quote-aware path for this record.
      const r = this.readQuoted(buf, s, n, final, delim);
      if (r === -2) return s; // need more bytes
      if (r === -1) {
        // Unterminated or overlong: the physical line is unreadable.
        const lf = buf.indexOf(LF, s);
        if (lf >= 0 && lf - s <= MAX_RECORD) {
          let re = lf;
          if (re > s && buf[re - 1] === CR) re--;
          this.onRecord(buf, starts, ends, -1, buf, s, re, this.line++);
          pos = lf + 1;
        } else if (lf < 0 && final && n - s <= MAX_RECORD) {
          this.onRecord(buf, starts, ends, -1, buf, s, n, this.line++);
          pos = n;
        } else {
          this.unreadable(buf, s, s + MAX_RECORD, lf < 0 ? n : lf, n);
          pos = lf < 0 ? n : lf + 1;
        }
        continue;
      }
      pos = r;
    }
    return n;
  }

  /** An overlong line: report it, then skip to its end (lineEnd < n means its LF is at lineEnd). */
  private unreadable(buf: Uint8Array, s: number, shownEnd: number, lineEnd: number, n: number): void {
    this.onRecord(buf, this.starts, this.ends, -1, buf, s, shownEnd, this.line);
    if (lineEnd < n) this.line++;
    else this.skipping = true;
  }

  /**
   * RFC 4180 record starting at s. Returns the position after the record (and hands it
   * out), -2 when more bytes are needed, -1 when the record is unreadable.
   */
  // eslint-disable-next-line max-lines-per-function -- the per-byte loop over a quoted record, one function for speed as process() above.
  private readQuoted(buf: Uint8Array, s: number, n: number, final: boolean, delim: number): number {
    const starts = this.starts;
    const ends = this.ends;
    const maxF = starts.length;
    const out = this.scratch;
    const limit = Math.min(n, s + MAX_RECORD + 1);
    let o = 0;
    let nf = 0;
    let fs = 0;
    let lines = 0;
    let i = s;
    let inQuotes = false;
    let atFieldStart = true;
    let end = -1; // position of the terminating LF, or n at end of file
    while (i < limit) {
      const c = buf[i];
      if (inQuotes) {
        if (c === QUOTE) {
          if (i + 1 >= n) {
            if (!final) return n - s > MAX_RECORD ? -1 : -2;
            inQuotes = false;
            i++;
            continue;
          }
          if (buf[i + 1] === QUOTE) {
            out[o++] = QUOTE;
            i += 2;
            continue;
          }
          inQuotes = false;
          i++;
          continue;
        }
        if (c === LF) lines++;
        out[o++] = c;
        i++;
        continue;
      }
      if (c === LF) {
        end = i;
        break;
      }
      if (c === delim) {
        if (nf < maxF) {
          starts[nf] = fs;
          ends[nf] = o;
        }
        nf++;
        fs = o;
        atFieldStart = true;
        i++;
        continue;
      }
      if (c === QUOTE && atFieldStart) {
        inQuotes = true;
        atFieldStart = false;
        i++;
        continue;
      }
      atFieldStart = false;
      out[o++] = c;
      i++;
    }
    if (end < 0) {
      if (i - s > MAX_RECORD) return -1;
      if (!final) return -2;
      if (inQuotes) return -1;
      end = n;
    }
    if (end - s > MAX_RECORD) return -1;
    // A CR just before the LF ends the line, unless it was inside quotes (kept as data).
    let re = end;
    if (re > s && buf[re - 1] === CR) {
      re--;
      if (o > fs && out[o - 1] === CR) o--;
    }
    if (nf < maxF) {
      starts[nf] = fs;
      ends[nf] = o;
    }
    nf++;
    const line = this.line;
    this.line += lines + 1;
    this.onRecord(out, starts, ends, nf, buf, s, re, line);
    return end < n ? end + 1 : n;
  }
}

/** One record of a whole-file read: its fields as strings and the physical line it starts on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/**
 * A whole (small) CSV file as rows of strings, through the same CsvRecordReader as the crime
 * files, so that crimes, population tables, action registers and places follow one set of
 * rules (quotes, BOM, CRLF, empty lines, overlong records; see the top of this file).
 * `unreadable` lists the lines of records that could not be read (an unterminated quote, or
 * over MAX_RECORD bytes): they are not in `rows`, and each caller reports them its own way.
 * `firstLine` numbers the first line of `input` (when it is part of a larger file).
 */
export function readCsvRows(
  input: Uint8Array | string,
  delimiter = 44,
  firstLine = 1,
): { rows: CsvRow[]; unreadable: number[] } {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const utf8 = new TextDecoder('utf-8');
  const rows: CsvRow[] = [];
  const unreadable: number[] = [];
  const reader = new CsvRecordReader(
    (fb, st, en, nf, _rb, _rs, _re, line) => {
      if (nf < 0) {
        unreadable.push(line);
        return;
      }
      const fields: string[] = [];
      for (let i = 0; i < Math.min(nf, st.length); i++) fields.push(utf8.decode(fb.subarray(st[i], en[i])));
      rows.push({ fields, line });
    },
    delimiter,
    1024,
  );
  reader.line = firstLine;
  reader.push(bytes);
  reader.end();
  return { rows, unreadable };
}
