/**
 * Exports: ward table CSV (RFC 4180 quoting + CSV-injection guard) with its read-me text,
 * hotspots GeoJSON, density grid ESRI ASCII (from the worker), map PNG with legend and
 * provenance, and the base name the page gives the downloaded files.
 */
import { formatMonth, monthLabel } from '../../core/months.ts';
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';

/**
 * Base name of the exported files: the area, then the analysis window as YYYY-MM, e.g.
 * "Haringey-2017-07_to_2018-06" (one month: "Haringey-2018-06"; no window: "hotspot-atlas").
 * The area is the wards' borough (result.wardFile.borough), else "area". Only A–Z, a–z, 0–9,
 * "_" and "-" are kept: accents are dropped ("Môn" → "Mon") and every run of other characters
 * becomes one "_" ("Hammersmith & Fulham" → "Hammersmith_Fulham"), none at either end.
 */
export function exportBaseName(result: AnalysisResult): string {
  const win = result.months.window;
  if (!win) return 'hotspot-atlas';
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '');
  const area = clean(result.wardFile.borough ?? '') || 'area';
  const [from, to] = win;
  return `${area}-${from === to ? formatMonth(from) : `${formatMonth(from)}_to_${formatMonth(to)}`}`;
}

/** Quotes a CSV field; cells starting with = + - @ (or tab/CR) get a leading ' so spreadsheets do not run them as formulas. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const WARD_CSV_HEAD = [
  'rank',
  'ward_code',
  'ward_name',
  'count',
  'share',
  'cumulative_share',
  'population',
  'rate_per_1000',
  'previous',
  'difference',
  'percent_change',
  'poisson_z',
  'direction',
];

/**
 * The ward table as CSV: the header row, then one row per ward, and nothing else, so that a
 * reader with default options (papaparse `header: true`, pandas `read_csv`, Excel) sees exactly
 * the table. Provenance, the headline and the column meanings are in wardCsvReadme, a second
 * file. CRLF between rows and no line break after the last row (RFC 4180 allows both; a final
 * line break reads as one more, empty, row in papaparse's default mode). Fields are quoted per
 * RFC 4180 and text from the data is guarded against formula injection (csvCell).
 */
export function wardCsv(r: AnalysisResult): string {
  const lines = [WARD_CSV_HEAD.join(',')];
  for (const w of r.wards) {
    lines.push(
      [
        w.rank,
        w.code,
        w.name,
        w.count,
        +w.share.toFixed(6),
        +w.cumulativeShare.toFixed(6),
        w.population,
        w.ratePer1000 === null ? null : +w.ratePer1000.toFixed(3),
        w.previous,
        w.difference,
        w.percentChange === null ? null : +w.percentChange.toFixed(2),
        w.poissonZ === null ? null : +w.poissonZ.toFixed(3),
        w.direction,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n');
}

/**
 * Plain text to go with wardCsv (the page saves it beside the CSV): what was counted, where,
 * which months, the sources (the result's provenance), the headline, what each column means and
 * the conventions behind them, and when it was made.
 */
export function wardCsvReadme(r: AnalysisResult, generated: Date = new Date()): string {
  const win = r.months.window;
  const cmp = r.compareWindow ?? null;
  const span = (w: [number, number]) =>
    w[0] === w[1]
      ? `${formatMonth(w[0])} (${monthLabel(w[0])})`
      : `${formatMonth(w[0])} to ${formatMonth(w[1])} (${monthLabel(w[0])} to ${monthLabel(w[1])}, inclusive)`;
  const area = r.wardFile.borough ?? 'the loaded area';
  const endYear = win ? Math.floor(win[1] / 12) + 1970 : null;
  const out: string[] = [
    'Hotspot Atlas: ward table',
    '',
    `What:       ${r.filterLabel}`,
    `Where:      ${area}, ${r.wardFile.count} ward${r.wardFile.count === 1 ? '' : 's'} from ${r.wardFile.file || '(no ward file)'}${r.wardFile.vintage ? ` (${r.wardFile.vintage} boundaries)` : ''}`,
    `Months:     ${win ? span(win) : 'none (no crimes in the loaded wards)'}`,
    `Compared:   ${cmp ? span(cmp) : 'no comparison window'}`,
    `Crimes in the wards: ${r.totalInWards.toLocaleString('en-GB')}`,
    `Sources:    ${r.provenance || '(none)'}`,
    `Generated:  ${generated.toISOString().slice(0, 10)}`,
    '',
  ];
  if (r.concentration.headline) out.push('Headline:', r.concentration.headline, '');
  if (r.concentration.caveat) out.push('Caveat:', r.concentration.caveat, '');
  const popYear =
    endYear === null ? 'the year in which the window ends' : `${endYear}, the year in which the window ends`;
  out.push(
    'Columns (one row per ward, most crime first):',
    '  rank              competition rank by count: 1 = most crime; equal counts share the better rank (1, 2, 2, 4)',
    '  ward_code         ward code from the boundary file (e.g. ONS GSS code)',
    '  ward_name         ward name from the boundary file',
    '  count             crimes of the selected types in the months above, located in the ward',
    '  share             count / all crimes inside the wards (0–1; crimes outside every ward are not in the denominator)',
    '  cumulative_share  running total of share down the rows in this order (equal counts: ward name order)',
    `  population        residents used for the rate: the population table's figures for ${popYear}, or the latest earlier year the table has (its only figures when it has no year column); blank when unknown`,
    '  rate_per_1000     1,000 × count / population; blank when the population is unknown or 0',
    '  previous          crimes in the comparison window (blank without one)',
    '  difference        count − previous',
    '  percent_change    (count − previous) / previous × 100; blank when previous is 0',
    '  poisson_z         2 × (√count − √previous); |z| ≥ 1.96: likely a real change, |z| ≥ 3: significant (Wheeler)',
    '  direction         the change in words, e.g. "up 23% (likely real change)"',
    '',
    'Conventions:',
    '  UTF-8, comma-separated, RFC 4180 quoting, CRLF between rows; the first row is the header and every other row is a ward.',
    '  Numbers use a decimal point and no thousands separators: shares to 6 decimals, rates to 3, percent changes to 2, z to 3.',
    "  Text that begins with = + - @ (or a tab or carriage return) starts with an added ' so that spreadsheets do not run it as a formula.",
    '  police.uk places each crime at an anonymised map point near where it happened, so a few crimes near a ward boundary may be counted in the neighbouring ward.',
  );
  return out.join('\r\n') + '\r\n';
}

export function hotspotGeojson(r: AnalysisResult): string {
  const byId = new Map(r.hotspots.map((x) => [x.id, x]));
  const fc = {
    ...r.hotspotGeojson,
    features: r.hotspotGeojson.features.map((f) => {
      const x = byId.get(String(f.properties?.id));
      return {
        ...f,
        properties: {
          ...f.properties,
          ...(x
            ? {
                label: x.label,
                count: x.count,
                share: x.share,
                areaKm2: x.areaKm2,
                peakDensity: x.peakDensity,
                wards: x.wardNames.join('; '),
              }
            : {}),
        },
      };
    }),
    provenance: r.provenance,
  };
  return JSON.stringify(fc);
}

export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export interface LegendSpec {
  title: string;
  /** `shape`: a filled square (default), an outlined square (a boundary) or a dot (one point). */
  items: { rgb: [number, number, number]; label: string; shape?: 'fill' | 'outline' | 'dot' }[];
  /** A block without items shown as a note; 'attribution' marks the basemap's credit. */
  kind?: 'attribution';
}

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    const t = cur ? `${cur} ${w}` : w;
    if (ctx.measureText(t).width > width && cur) {
      out.push(cur);
      cur = w;
    } else cur = t;
  }
  if (cur) out.push(cur);
  return out;
}

/** Map canvas (drawn with preserveDrawingBuffer) + legends + title + provenance, as a PNG blob. */
export async function mapPng(
  mapCanvas: HTMLCanvasElement,
  title: string,
  legends: LegendSpec[],
  provenance: string,
): Promise<Blob> {
  const dpr = mapCanvas.width / mapCanvas.clientWidth || 1;
  const w = mapCanvas.width;
  const pad = 12 * dpr;
  const c = document.createElement('canvas');
  const ctx0 = c.getContext('2d')!;
  ctx0.font = `${11 * dpr}px system-ui, sans-serif`;
  const provLines = wrap(ctx0, provenance, w - 2 * pad);
  ctx0.font = `600 ${15 * dpr}px system-ui, sans-serif`;
  const titleLines = wrap(ctx0, title, w - 2 * pad);
  const footer = pad * 2 + provLines.length * 14 * dpr;
  const header = (12 + titleLines.length * 20) * dpr;
  c.width = w;
  c.height = mapCanvas.height + header + footer;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.fillStyle = '#1f2933';
  ctx.font = `600 ${15 * dpr}px system-ui, sans-serif`;
  titleLines.forEach((l, i) => ctx.fillText(l, pad, (20 + i * 20) * dpr));
  ctx.drawImage(mapCanvas, 0, header);
  // Legends, bottom-left over the map on a white card.
  let y = header + pad;
  for (const lg of legends) {
    const boxH = (22 + lg.items.length * 16) * dpr;
    ctx.fillStyle = 'rgba(255,255,255,0.92)';
    ctx.fillRect(pad, y, 210 * dpr, boxH);
    ctx.fillStyle = '#1f2933';
    ctx.font = `600 ${11 * dpr}px system-ui, sans-serif`;
    ctx.fillText(lg.title, pad + 6 * dpr, y + 15 * dpr);
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    lg.items.forEach((it, i) => {
      const yy = y + (22 + i * 16) * dpr;
      ctx.fillStyle = `rgb(${it.rgb.join(',')})`;
      ctx.strokeStyle = ctx.fillStyle;
      ctx.lineWidth = 2 * dpr;
      if (it.shape === 'outline') ctx.strokeRect(pad + 7 * dpr, yy + 1 * dpr, 12 * dpr, 10 * dpr);
      else if (it.shape === 'dot') {
        ctx.beginPath();
        ctx.arc(pad + 13 * dpr, yy + 6 * dpr, 4 * dpr, 0, 2 * Math.PI);
        ctx.fill();
      } else ctx.fillRect(pad + 6 * dpr, yy, 14 * dpr, 12 * dpr);
      ctx.fillStyle = '#1f2933';
      ctx.fillText(it.label, pad + 26 * dpr, yy + 10 * dpr);
    });
    y += boxH + 6 * dpr;
  }
  ctx.fillStyle = '#3e4c59';
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  provLines.forEach((l, i) => ctx.fillText(l, pad, header + mapCanvas.height + pad + (i + 0.8) * 14 * dpr));
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
