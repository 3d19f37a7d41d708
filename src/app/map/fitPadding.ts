/**
 * The padding a fit to the wards keeps clear, so that no ward or hotspot is fitted under the
 * legend where it floats over the map (bottom-left, styles.css; on a phone it sits below the
 * map and takes no room from it). Pure: sizes in CSS pixels in, padding out.
 *
 * The legend's room is taken beside it, by its width only: the legend's width is its CSS
 * max-width whenever it holds a scale (its note wraps), so the fit does not depend on which
 * lines the legend has at that moment (a basemap credit, a points row), and the same wards are
 * fitted to the same view. When that would leave no usable map (under MIN_SIDE), the map keeps
 * its plain margins and the legend overlaps as before.
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
  if (Math.min(map.width - left - MARGIN, map.height - 2 * MARGIN) < MIN_SIDE) return plain;
  return { ...plain, left };
}
