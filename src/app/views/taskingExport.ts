/** Tasking exports: the patrol choice as GeoJSON and CSV (RFC 4180 + CSV-injection guard via csvCell). */
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import type { PatrolRow } from '../../analysis/hotspots/patrol.ts';
import type { TaskingRow } from '../../analysis/tasking.ts';
import type { FeatureCollection, Polygon } from 'geojson';
import { csvCell } from '../export/exports.ts';

const n = (v: number, d: number) => (Number.isFinite(v) ? +v.toFixed(d) : null);

export function patrolCsv(r: AnalysisResult, rows: readonly PatrolRow[], tasking: readonly TaskingRow[]): string {
  const byId = new Map(tasking.map((t) => [t.id, t]));
  const head = [
    'patrol_rank',
    'hotspot_id',
    'place',
    'wards',
    'count',
    'share',
    'area_km2',
    'area_share',
    'pai',
    'cum_count',
    'cum_share',
    'cum_area_share',
    'cum_pai',
    'previous',
    'difference',
    'poisson_z',
    'direction',
    'density_rank',
    'actions',
  ];
  const lines = [head.join(',')];
  for (const p of rows) {
    const t = byId.get(p.id);
    lines.push(
      [
        p.rank,
        p.id,
        t?.place ?? p.label,
        t?.wards.join('; ') ?? '',
        p.count,
        n(p.share, 6),
        n(p.areaKm2, 4),
        n(p.areaShare, 6),
        n(p.pai, 3),
        p.cumCount,
        n(p.cumShare, 6),
        n(p.cumAreaShare, 6),
        n(p.cumPai, 3),
        t?.previous ?? null,
        t?.difference ?? null,
        t?.z === null || t?.z === undefined ? null : n(t.z, 3),
        t?.direction ?? null,
        t?.densityRank ?? null,
        (t?.actions ?? []).map((a) => `${a.actionId}: ${a.summary} (lead ${a.lead}; ${a.status})`).join(' | '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  lines.push('', csvCell(`# ${r.provenance}`));
  return lines.join('\r\n') + '\r\n';
}

export function patrolGeojson(
  r: AnalysisResult,
  fc: FeatureCollection<Polygon>,
  tasking: readonly TaskingRow[],
): string {
  const byId = new Map(tasking.map((t) => [t.id, t]));
  return JSON.stringify({
    ...fc,
    features: fc.features.map((f) => {
      const t = byId.get(String(f.properties?.id));
      return {
        ...f,
        properties: {
          ...f.properties,
          place: t?.place ?? null,
          wards: t?.wards.join('; ') ?? null,
          direction: t?.direction ?? null,
          actions: (t?.actions ?? []).map((a) => ({
            id: a.actionId,
            summary: a.summary,
            lead: a.lead,
            status: a.status,
          })),
        },
      };
    }),
    provenance: r.provenance,
  });
}
