/**
 * Selecting on the map with the keyboard. MapLibre already pans with the arrow keys and zooms
 * with + and − when the map has focus; here Enter or Space selects what lies under the centre of
 * the map — the hotspot area, else the ward, as a click there would — and clicking it again
 * (Enter again) clears it, as with the mouse. A cross marks the centre while the map has focus
 * (styles.css, `.map-crosshair`). The canvas's accessible name says all this (MAP_LABEL, given to
 * MapLibre as its 'Map.Title' text). Motion: MapLibre gives keyboard pans and zooms no animation
 * when the system asks for reduced motion (prefers-reduced-motion), and the page's own moves
 * (fitBounds) are never animated.
 */
import { h } from '../dom.ts';
import '../a11y/a11y.css';

export const MAP_LABEL =
  'Map. Arrow keys move it, plus and minus zoom; Enter selects the hotspot area or ward under the cross at the centre.';

/** Listens on the map's container (it outlives MapLibre's canvas, which is rebuilt on a basemap change). */
export function attachMapKeyboard(container: HTMLElement, pickCentre: () => void): void {
  container.append(h('div', { class: 'map-crosshair', 'aria-hidden': 'true' }));
  container.addEventListener('keydown', (e) => {
    if ((e.key !== 'Enter' && e.key !== ' ') || !(e.target instanceof HTMLCanvasElement)) return;
    e.preventDefault();
    pickCentre();
  });
}
