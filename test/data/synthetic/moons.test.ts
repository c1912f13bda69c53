import { describe, expect, it } from 'vitest';
import { datasets } from '../../../src/data/index.js';
import { classCounts, rowsOf } from '../stats.js';

describe('datasets.moons', () => {
  it('puts class 0 on the upper unit arc and class 1 on the lower arc centred at (1, 0.5)', () => {
    const { x, y } = datasets.moons({ samples: 51, seed: 1 });
    expect(x.shape).toEqual([51, 2]);
    expect(classCounts(y)).toEqual({ 0: 25, 1: 26 });
    rowsOf(x).forEach(([a, b], i) => {
      if (y.data[i] === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 6);
        expect(b).toBeGreaterThanOrEqual(-1e-6);
      } else {
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 6);
        expect(b).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    });
  });

  it('runs θ over [0, π] with both ends, unshuffled on request', () => {
    const { x } = datasets.moons({ samples: 6, shuffle: false, dtype: 'float64', seed: 0 });
    const rows = rowsOf(x);
    expect(rows[0]).toEqual([1, 0]);
    expect(rows[2][0]).toBeCloseTo(-1, 12);
    expect(rows[3]).toEqual([0, 0.5]);
    expect(rows[5][0]).toBeCloseTo(2, 12);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(datasets.moons({ noise: 0.1, seed: 3 }).x.data).toEqual(datasets.moons({ noise: 0.1, seed: 3 }).x.data);
    expect(datasets.moons({ noise: 0.1, seed: 3 }).x.data).not.toEqual(datasets.moons({ noise: 0.1, seed: 4 }).x.data);
  });

  it('rejects a negative noise', () => {
    expect(() => datasets.moons({ noise: -0.1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: moons(): expected noise ≥ 0, got -0.1. Pick a finite value for noise inside that range.]`,
    );
  });
});
