/**
 * Map labels without collisions (labelPlacement.ts): the boxes of the labels kept never overlap
 * each other or a reserved box, the higher priority wins a clash, and a label that clashes with
 * nothing is always kept. Checked on a 20 × 20 lattice of names at several zooms.
 */
import { describe, expect, it } from 'vitest';
import { labelHalfSize, placeLabels, project, type LabelCandidate } from '../../src/app/map/labelPlacement.ts';

function boxes(all: LabelCandidate[], kept: number[], zoom: number) {
  return kept.map((i) => {
    const [x, y] = project(all[i].position, zoom);
    const [hw, hh] = labelHalfSize(all[i].text, all[i].size);
    return [x - hw, y - hh, x + hw, y + hh];
  });
}
const overlap = (a: number[], b: number[]) => a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];

describe('placeLabels', () => {
  const lattice: LabelCandidate[] = [];
  for (let i = 0; i < 20; i++)
    for (let j = 0; j < 20; j++)
      lattice.push({
        position: [-0.2 + i * 0.01, 51.45 + j * 0.007],
        text: `Ward ${i}-${j} Name`,
        size: 12,
        priority: (i * 7 + j * 13) % 17,
      });

  for (const zoom of [10, 11.5, 13, 15]) {
    it(`kept labels never overlap at zoom ${zoom}`, () => {
      const kept = placeLabels(lattice, zoom);
      const b = boxes(lattice, kept, zoom);
      for (let p = 0; p < b.length; p++) for (let q = p + 1; q < b.length; q++) expect(overlap(b[p], b[q])).toBe(false);
      expect(kept.length).toBeGreaterThan(0);
    });
  }
  it('at street zoom nothing clashes, so every label is kept', () => {
    expect(placeLabels(lattice, 17)).toHaveLength(lattice.length);
  });
  it('the higher priority wins a clash; reserved boxes are kept clear', () => {
    const a: LabelCandidate = { position: [0, 51.5], text: 'Alpha', size: 12, priority: 1 };
    const b: LabelCandidate = { position: [0.0001, 51.5], text: 'Beta', size: 12, priority: 2 };
    expect(placeLabels([a, b], 12)).toEqual([1]);
    const [x, y] = project(a.position, 12);
    expect(placeLabels([a], 12, [[x - 5, y - 5, x + 5, y + 5]])).toEqual([]);
  });
  it('is deterministic: the same input gives the same labels', () => {
    expect(placeLabels(lattice, 11.5)).toEqual(placeLabels([...lattice], 11.5));
  });
});
