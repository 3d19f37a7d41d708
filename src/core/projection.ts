/**
 * WGS84 ↔ British National Grid for action places and places layers: the engine's one
 * projection (bng.ts: OSGB36 7-parameter Helmert + transverse Mercator), behind a
 * function type so that linking can be tested with any projector.
 */
import { BNG_PROJ4, projectPointLonLat, unprojectPointBng } from './bng.ts';

export const EPSG_27700 = BNG_PROJ4;

/** Projects WGS84 lon/lat (degrees) to BNG [x, y] metres. */
export type Projector = (lon: number, lat: number) => [number, number];

export const wgs84ToBng: Projector = projectPointLonLat;

/** BNG metres → WGS84 [lon, lat] degrees. */
export function bngToWgs84(x: number, y: number): [number, number] {
  return unprojectPointBng(x, y);
}
