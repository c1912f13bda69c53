import { describe, expect, it } from 'vitest';
import { datasets } from '../../../src/data/index.js';
import { classCounts, rowsOf } from '../stats.js';

describe('datasets.xor', () => {
  it('labels four quadrant clusters by the XOR of the signs, half in each class', () => {
    const { x, y } = datasets.xor({ samples: 400, noise: 0.1, seed: 1 });
    expect(x.shape).toEqual([400, 2]);
    expect(classCounts(y)).toEqual({ 0: 200, 1: 200 });
    rowsOf(x).forEach(([a, b], i) => expect(y.data[i]).toBe(a > 0 !== b > 0 ? 1 : 0));
    const quadrants = new Set(rowsOf(x).map(([a, b]) => `${Math.sign(a)},${Math.sign(b)}`));
    expect(quadrants.size).toBe(4);
  });

  it('centres the clusters on (±1, ±1)', () => {
    const { x } = datasets.xor({ samples: 8, noise: 0, shuffle: false, seed: 1 });
    expect(rowsOf(x)).toEqual([
      [-1, -1],
      [-1, -1],
      [-1, 1],
      [-1, 1],
      [1, -1],
      [1, -1],
      [1, 1],
      [1, 1],
    ]);
  });

  it('is deterministic per seed and differs across seeds, with one-hot labels on request', () => {
    expect(datasets.xor({ seed: 3 }).x.data).toEqual(datasets.xor({ seed: 3 }).x.data);
    expect(datasets.xor({ seed: 3 }).x.data).not.toEqual(datasets.xor({ seed: 4 }).x.data);
    expect(datasets.xor({ labels: 'oneHot', seed: 3 }).y.shape).toEqual([100, 2]);
  });

  it('rejects a fractional sample count', () => {
    expect(() => datasets.xor({ samples: 10.5 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: xor(): expected samples as an integer ≥ 1, got 10.5. Pass a whole number, e.g. samples: 11.]`,
    );
  });
});
