/** Web Mercator of a longitude / latitude in degrees: x, y in [0, 1], y = 0 at the north edge (MapLibre's world coordinates over its world size). */
export function mercator(lon: number, lat: number): [number, number] {
  const s = Math.sin((lat * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}
