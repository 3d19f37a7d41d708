/**
 * The padding a fit to the wards keeps clear, so that no ward or hotspot is fitted under the
 * legend where it floats over the map (bottom-left, styles.css; on a phone it sits below the
 * map and takes no room from it). Pure: sizes in CSS pixels in, padding out.
 *
 * The legend's room is taken beside it or above it, whichever leaves the larger square for the
 * wards; when neither leaves a usable map (under MIN_SIDE), the map keeps its plain margins and
 * the legend overlaps as before.
 */
export interface Box {
  width: number;
  height: number;
}

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plain margin around the fitted wards. */
const MARGIN = 24;
/** Gap kept between the legend and the fitted wards. */
const GAP = 12;
/** The smallest side of the map left for the wards that is worth keeping clear of the legend. */
const MIN_SIDE = 240;

/** Padding for a map of size `map` with a floating legend of size `legend` (null: none shown) at its bottom-left. */
export function fitPadding(map: Box, legend: Box | null): Padding {
  const plain = { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN };
  if (!legend || legend.width <= 0 || legend.height <= 0) return plain;
  const left = legend.width + GAP;
  const bottom = legend.height + GAP;
  // The square left for the wards with the legend's room taken beside it, or above it.
  const beside = Math.min(map.width - left - MARGIN, map.height - 2 * MARGIN);
  const above = Math.min(map.width - 2 * MARGIN, map.height - bottom - MARGIN);
  if (Math.max(beside, above) < MIN_SIDE) return plain;
  return beside >= above ? { ...plain, left } : { ...plain, bottom };
}
