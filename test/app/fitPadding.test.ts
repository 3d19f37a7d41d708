/**
 * The room a fit keeps clear of the floating legend (app/map/fitPadding.ts): beside it on a wide
 * map, above it on a tall one, none when no legend floats or when keeping clear of it would leave
 * no usable map.
 */
import { describe, expect, it } from 'vitest';
import { fitPadding } from '../../src/app/map/fitPadding.ts';

describe('fit padding', () => {
  const legend = { width: 240, height: 340 };

  it('plain margins without a floating legend', () => {
    expect(fitPadding({ width: 625, height: 680 }, null)).toEqual({ top: 24, right: 24, bottom: 24, left: 24 });
  });

  it('beside the legend on the 1024 x 768 layout (map 625 x 680): the larger square', () => {
    // Beside: min(625 - 252 - 24, 680 - 48) = 349; above: min(577, 680 - 352 - 24) = 304.
    expect(fitPadding({ width: 625, height: 680 }, legend)).toEqual({ top: 24, right: 24, bottom: 24, left: 252 });
  });

  it('above the legend on a tall narrow map', () => {
    // Beside: min(500 - 276, 952) = 224; above: min(452, 1000 - 352 - 24) = 452.
    expect(fitPadding({ width: 500, height: 1000 }, legend)).toEqual({ top: 24, right: 24, bottom: 352, left: 24 });
  });

  it('plain margins when neither side leaves a usable map', () => {
    expect(fitPadding({ width: 400, height: 400 }, legend)).toEqual({ top: 24, right: 24, bottom: 24, left: 24 });
  });
});
