import { describe, expect, it } from 'vitest';
import { datasets } from '../../../src/data/index.js';
import { classCounts, rowsOf } from '../stats.js';

describe('datasets.circles', () => {
  it('puts ⌊n/2⌋ points on the outer ring (class 0) and the rest on the inner ring (class 1)', () => {
    const { x, y } = datasets.circles({ samples: 101, factor: 0.5, seed: 1 });
    expect(x.shape).toEqual([101, 2]);
    expect(classCounts(y)).toEqual({ 0: 50, 1: 51 });
    rowsOf(x).forEach(([a, b], i) => expect(Math.hypot(a, b)).toBeCloseTo(y.data[i] === 0 ? 1 : 0.5, 6));
  });

  it('spaces the points evenly in angle on each ring', () => {
    const { x, y } = datasets.circles({ samples: 8, shuffle: false, dtype: 'float64', seed: 0 });
    expect(Array.from(y.data)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    const expected = [0, 1, 2, 3].map((i) => [Math.cos((i * Math.PI) / 2), Math.sin((i * Math.PI) / 2)]);
    expect(rowsOf(x)).toEqual([...expected, ...expected.map(([a, b]) => [0.8 * a, 0.8 * b])]);
  });

  it('adds Gaussian noise of the given spread, and shuffles by default', () => {
    const { x, y } = datasets.circles({ samples: 2000, noise: 0.1, seed: 2 });
    const errors = rowsOf(x).map(([a, b], i) => Math.hypot(a, b) - (y.data[i] === 0 ? 1 : 0.8));
    const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    expect(rms).toBeGreaterThan(0.08);
    expect(rms).toBeLessThan(0.12);
    expect(Array.from(y.data.slice(0, 20))).not.toEqual(Array<number>(20).fill(0));
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(datasets.circles({ noise: 0.1, seed: 3 }).x.data).toEqual(datasets.circles({ noise: 0.1, seed: 3 }).x.data);
    expect(datasets.circles({ noise: 0.1, seed: 3 }).x.data).not.toEqual(
      datasets.circles({ noise: 0.1, seed: 4 }).x.data,
    );
  });

  it('rejects a factor outside [0, 1)', () => {
    expect(() => datasets.circles({ factor: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: circles(): expected factor in [0, 1), got 1. Pick a finite value for factor inside that range.]`,
    );
  });
});
