import { describe, expect, it } from 'vitest';
import { datasets } from '../../../src/data/index.js';
import { rowsOf } from '../stats.js';

describe('datasets.sineRegression', () => {
  it('spaces x evenly over the range, ends included, with y = sin(x) when noise is 0', () => {
    const { x, y } = datasets.sineRegression({ samples: 5, noise: 0, range: [0, Math.PI], dtype: 'float64' });
    expect(x.shape).toEqual([5, 1]);
    expect(y.shape).toEqual([5, 1]);
    expect(Array.from(x.data)).toEqual([0, 1, 2, 3, 4].map((i) => (i * Math.PI) / 4));
    expect(Array.from(y.data)).toEqual(Array.from(x.data, Math.sin));
  });

  it('defaults to 100 points over [−π, π] with noise of std 0.1', () => {
    const { x, y } = datasets.sineRegression({ samples: 2000, seed: 1 });
    expect(x.dtype).toBe('float32');
    expect(x.data[0]).toBeCloseTo(-Math.PI, 6);
    expect(x.data[1999]).toBeCloseTo(Math.PI, 6);
    const residuals = Array.from(x.data, (v, i) => y.data[i] - Math.sin(v));
    const std = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    expect(std).toBeCloseTo(0.1, 2);
    expect(datasets.sineRegression().x.shape).toEqual([100, 1]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(rowsOf(datasets.sineRegression({ seed: 2 }).y)).toEqual(rowsOf(datasets.sineRegression({ seed: 2 }).y));
    expect(datasets.sineRegression({ seed: 2 }).y.data).not.toEqual(datasets.sineRegression({ seed: 3 }).y.data);
  });

  it('rejects an empty range', () => {
    expect(() => datasets.sineRegression({ range: [1, 1] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: sineRegression(): expected range as [low, high] with low < high, got [1, 1]. For example range: [-1, 1].]`,
    );
  });
});
