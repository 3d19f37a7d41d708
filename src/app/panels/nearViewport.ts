/**
 * Drawing that can wait until its panel comes near the viewport.
 *
 * The charts (d3 SVG) sit at the foot of the results column, usually scrolled out of view, and a
 * filter change redrew all three: their SVG built, styled and laid out on every change for no
 * one to see. One IntersectionObserver tracks the panels of the column by data-testid; a
 * chart whose panel is not near the viewport (400 px margin) is drawn when it comes near.
 * Panels whose position is not known yet, and every draw in a browser without
 * IntersectionObserver, are drawn at once. Printing draws everything first (drawAllPending).
 */

const MARGIN = '400px 0px';
const near = new Set<string>();
const known = new Set<string>();
const pending = new Map<string, () => void>();
let observer: IntersectionObserver | null = null;

function onChange(entries: IntersectionObserverEntry[]): void {
  for (const e of entries) {
    const key = e.target.getAttribute('data-testid');
    if (!key) continue;
    known.add(key);
    if (!e.isIntersecting) {
      near.delete(key);
      continue;
    }
    near.add(key);
    const draw = pending.get(key);
    if (draw) {
      pending.delete(key);
      draw();
    }
  }
}

/** Tracks the children of `root` (panels keyed by data-testid); calling it again adds new ones. */
export function trackPanels(root: Element): void {
  if (typeof IntersectionObserver === 'undefined') return;
  observer ??= new IntersectionObserver(onChange, { rootMargin: MARGIN });
  for (const el of root.children) if (el.getAttribute('data-testid')) observer.observe(el);
}

/** Runs `draw` now when panel `key` is near the viewport or its position is not known, else when it comes near (a newer draw replaces a waiting one). */
export function drawWhenNear(key: string, draw: () => void): void {
  if (!observer || !known.has(key) || near.has(key)) {
    pending.delete(key);
    draw();
    return;
  }
  pending.set(key, draw);
}

/** Runs every waiting draw (before printing). */
export function drawAllPending(): void {
  const all = [...pending.values()];
  pending.clear();
  for (const draw of all) draw();
}
