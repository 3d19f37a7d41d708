/**
 * The room a fit keeps clear of the floating legend (app/map/fitPadding.ts): beside it, by its
 * width only (its height does not move the map), none when no legend floats or when keeping clear
 * of it would leave no usable map.
 */
import { describe, expect, it } from 'vitest';
import { fitPadding } from '../../src/app/map/fitPadding.ts';

describe('fit padding', () => {
  const legend = { width: 240, height: 340 };

  it('plain margins without a floating legend', () => {
    expect(fitPadding({ width: 625, height: 680 }, null)).toEqual({ top: 24, right: 24, bottom: 24, left: 24 });
  });

  it('beside the legend on the 1024 x 768 layout (map 625 x 680), whatever its height', () => {
    const beside = { top: 24, right: 24, bottom: 24, left: 252 };
    expect(fitPadding({ width: 625, height: 680 }, legend)).toEqual(beside);
    expect(fitPadding({ width: 625, height: 680 }, { width: 240, height: 420 })).toEqual(beside);
  });

  it('plain margins when the map beside the legend would be too narrow', () => {
    expect(fitPadding({ width: 400, height: 400 }, legend)).toEqual({ top: 24, right: 24, bottom: 24, left: 24 });
  });
});
