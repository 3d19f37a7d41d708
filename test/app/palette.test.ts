/**
 * One colour direction everywhere (issue 15): more = darker. Relative luminance (WCAG 2.x
 * formula) must fall strictly with the ward class and with the density, so the order reads
 * without hue (greyscale print, any colour-vision deficiency); adjacent ward classes must differ
 * by a visible step.
 */
import { describe, expect, it } from 'vitest';
import { COLOUR_NOTE, densityColour, WARD_CLASSES, WARD_COLOURS } from '../../src/app/map/palette.ts';

function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe('palette: more = darker', () => {
  it('ward classes get darker from the lowest to the highest class, in visible steps', () => {
    expect(WARD_COLOURS).toHaveLength(WARD_CLASSES);
    const L = WARD_COLOURS.map(luminance);
    for (let i = 1; i < L.length; i++) {
      expect(L[i]).toBeLessThan(L[i - 1]);
      // WCAG contrast ratio between neighbours ≥ 1.25: distinguishable by lightness alone.
      expect((L[i - 1] + 0.05) / (L[i] + 0.05)).toBeGreaterThan(1.25);
    }
  });
  it('the density gets darker from its floor to its peak', () => {
    let prev = Infinity;
    for (let t = 0; t <= 1.0001; t += 0.05) {
      const l = luminance(densityColour(t));
      expect(l).toBeLessThan(prev);
      prev = l;
    }
    // The peak is not yellow: it is the darkest colour of the scale.
    expect(luminance(densityColour(1))).toBeLessThan(0.1);
  });
  it('the legend says so', () => {
    expect(COLOUR_NOTE).toMatch(/Darker = more/);
    expect(COLOUR_NOTE).toMatch(/colour-blind/);
  });
});
