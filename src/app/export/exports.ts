/**
 * Exports: ward table CSV (RFC 4180 quoting + CSV-injection guard), hotspots GeoJSON,
 * density grid ESRI ASCII (from the worker), map PNG with legend and provenance.
 */
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';

/** Quotes a CSV field; cells starting with = + - @ (or tab/CR) get a leading ' so spreadsheets do not run them as formulas. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function wardCsv(r: AnalysisResult): string {
  const head = ['rank', 'ward_code', 'ward_name', 'count', 'share', 'cumulative_share', 'population', 'rate_per_1000', 'previous', 'difference', 'percent_change', 'poisson_z', 'direction'];
  const lines = [head.join(',')];
  for (const w of r.wards) {
    lines.push([w.rank, w.code, w.name, w.count, +w.share.toFixed(6), +w.cumulativeShare.toFixed(6), w.population, w.ratePer1000 === null ? null : +w.ratePer1000.toFixed(3),
      w.previous, w.difference, w.percentChange === null ? null : +w.percentChange.toFixed(2), w.poissonZ === null ? null : +w.poissonZ.toFixed(3), w.direction].map(csvCell).join(','));
  }
  lines.push('', `${csvCell('# ' + r.provenance)}`);
  return lines.join('\r\n') + '\r\n';
}

export function hotspotGeojson(r: AnalysisResult): string {
  const byId = new Map(r.hotspots.map((x) => [x.id, x]));
  const fc = {
    ...r.hotspotGeojson,
    features: r.hotspotGeojson.features.map((f) => {
      const x = byId.get(String(f.properties?.id));
      return { ...f, properties: { ...f.properties, ...(x ? { label: x.label, count: x.count, share: x.share, areaKm2: x.areaKm2, peakDensity: x.peakDensity, wards: x.wardNames.join('; ') } : {}) } };
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
  items: { rgb: [number, number, number]; label: string }[];
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
export async function mapPng(mapCanvas: HTMLCanvasElement, title: string, legends: LegendSpec[], provenance: string): Promise<Blob> {
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
      ctx.fillRect(pad + 6 * dpr, yy, 14 * dpr, 12 * dpr);
      ctx.fillStyle = '#1f2933';
      ctx.fillText(it.label, pad + 26 * dpr, yy + 10 * dpr);
    });
    y += boxH + 6 * dpr;
  }
  ctx.fillStyle = '#3e4c59';
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  provLines.forEach((l, i) => ctx.fillText(l, pad, header + mapCanvas.height + pad + (i + 0.8) * 14 * dpr));
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}
