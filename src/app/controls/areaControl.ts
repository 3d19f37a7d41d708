/**
 * The "Hotspot areas" control: compact areas of at most N km² (the default, N = 1), or whole
 * threshold areas (the rule before issue 15). See src/analysis/hotspots/areas.ts and the README
 * ("Hotspot areas").
 */
import { h } from '../dom.ts';
import type { UiState } from '../state/store.ts';

const SIZES = [0.25, 0.5, 1, 2, 5];

export function areaControl(ui: UiState, setUi: (patch: Partial<UiState>) => void): HTMLElement {
  const a = ui.areas;
  const sizes = SIZES.includes(a.maxAreaKm2) ? SIZES : [...SIZES, a.maxAreaKm2].sort((x, y) => x - y);
  const sel = h('select', { id: 'hotspot-areas', 'data-testid': 'hotspot-areas' });
  for (const s of sizes) sel.append(h('option', { value: `compact:${s}` }, `Compact: at most ${s} km² each`));
  sel.append(h('option', { value: 'threshold' }, 'Whole areas above the threshold'));
  sel.value = a.method === 'threshold' ? 'threshold' : `compact:${a.maxAreaKm2}`;
  sel.addEventListener('change', () => {
    const v = sel.value;
    setUi({
      areas:
        v === 'threshold'
          ? { method: 'threshold', maxAreaKm2: a.maxAreaKm2 }
          : { method: 'compact', maxAreaKm2: +v.slice('compact:'.length) },
    });
  });
  return h(
    'div',
    { class: 'field' },
    h('label', { for: 'hotspot-areas' }, 'Hotspot areas'),
    sel,
    h(
      'small',
      { class: 'hint' },
      a.method === 'threshold'
        ? 'One area per outline above the threshold, however large (London-wide: tens of km²).'
        : 'Large areas are split at their saddles into areas around each peak, small enough to patrol.',
    ),
  );
}
