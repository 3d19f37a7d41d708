/**
 * WGS84 → British National Grid for action places and places layers.
 * Kept local (rather than importing the shared BNG module) so the actions engine has
 * no dependency on it; the EPSG:27700 definition is the standard OSGB36 7-parameter one
 * (accurate to a few metres, ample for 400 m place matching).
 */
import proj4 from 'proj4';

export const EPSG_27700 =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

/** Projects WGS84 lon/lat (degrees) to BNG [x, y] metres. */
export type Projector = (lon: number, lat: number) => [number, number];

const converter = proj4('WGS84', EPSG_27700);

export const wgs84ToBng: Projector = (lon, lat) => {
  const [x, y] = converter.forward([lon, lat]);
  return [x, y];
};

/** BNG metres → WGS84 [lon, lat] degrees. */
export function bngToWgs84(x: number, y: number): [number, number] {
  const [lon, lat] = converter.inverse([x, y]);
  return [lon, lat];
}
