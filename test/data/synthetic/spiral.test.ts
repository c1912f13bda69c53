import { describe, expect, it } from 'vitest';
import { Rng, setSeed } from '../../../src/core/rng.js';
import { datasets, data } from '../../../src/data/index.js';
import { classCounts, rowsOf } from '../stats.js';

describe('datasets.spiral', () => {
  it('gives [N·K, 2] points and [N·K, 1] class ids in float32 by default', () => {
    const { x, y } = datasets.spiral({ seed: 1 });
    expect(x.shape).toEqual([200, 2]);
    expect(y.shape).toEqual([200, 1]);
    expect([x.dtype, y.dtype]).toEqual(['float32', 'float32']);
    expect(classCounts(y)).toEqual({ 0: 100, 1: 100 });
  });

  it('reproduces the tutorial loop draw for draw, class by class', () => {
    const rng = new Rng(42);
    const expected: number[][] = [];
    for (let j = 0; j < 2; j++)
      for (let i = 0; i < 100; i++) {
        const r = i / 99;
        const t = 4 * j + (4 * i) / 99 + rng.normal() * 0.2;
        expected.push([r * Math.sin(t), r * Math.cos(t)]);
      }
    const { x, y } = datasets.spiral({ seed: 42, dtype: 'float64' });
    expect(rowsOf(x)).toEqual(expected);
    expect(Array.from(y.data)).toEqual([...Array<number>(100).fill(0), ...Array<number>(100).fill(1)]);
  });

  it('puts point i of each arm at radius i/(N−1) ≤ 1', () => {
    const { x } = datasets.spiral({ samplesPerClass: 50, classes: 3, noise: 0.5, seed: 2 });
    rowsOf(x).forEach(([a, b], row) => {
      expect(Math.hypot(a, b)).toBeCloseTo((row % 50) / 49, 6);
      expect(Math.hypot(a, b)).toBeLessThanOrEqual(1 + 1e-6);
    });
  });

  it('gives one-hot labels that argMax turns back into the ids', () => {
    const ids = datasets.spiral({ classes: 4, samplesPerClass: 10, seed: 3 }).y;
    const hot = datasets.spiral({ classes: 4, samplesPerClass: 10, seed: 3, labels: 'oneHot' }).y;
    expect(hot.shape).toEqual([40, 4]);
    expect(rowsOf(hot).every((row) => row.reduce((a, b) => a + b) === 1)).toBe(true);
    expect(Array.from(data.argMax(hot).data)).toEqual(Array.from(ids.data));
  });

  it('is deterministic per seed, differs across seeds, and follows the global seed by default', () => {
    expect(datasets.spiral({ seed: 7 }).x.data).toEqual(datasets.spiral({ seed: 7 }).x.data);
    expect(datasets.spiral({ seed: 7 }).x.data).not.toEqual(datasets.spiral({ seed: 8 }).x.data);
    setSeed(11);
    const first = datasets.spiral().x.data;
    setSeed(11);
    expect(datasets.spiral().x.data).toEqual(first);
  });

  it('shuffles rows and labels together when asked', () => {
    const plain = datasets.spiral({ seed: 5, samplesPerClass: 20 });
    const mixed = datasets.spiral({ seed: 5, samplesPerClass: 20, shuffle: true });
    const key = (x: number[], y: number) => `${x.join()}|${y}`;
    const plainRows = rowsOf(plain.x)
      .map((r, i) => key(r, plain.y.data[i]))
      .sort();
    const mixedRows = rowsOf(mixed.x).map((r, i) => key(r, mixed.y.data[i]));
    expect(mixedRows).not.toEqual(rowsOf(plain.x).map((r, i) => key(r, plain.y.data[i])));
    expect([...mixedRows].sort()).toEqual(plainRows);
  });

  it('rejects bad options with a ConfigError', () => {
    expect(() => datasets.spiral({ samplesPerClass: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: spiral(): expected samplesPerClass as an integer ≥ 1, got 0. Pass a whole number of at least 1.]`,
    );
    expect(() => datasets.spiral({ noise: -1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: spiral(): expected noise ≥ 0, got -1. Pick a finite value for noise inside that range.]`,
    );
    expect(() => datasets.spiral({ labels: 'onehot' as 'oneHot' })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: spiral(): expected labels 'ids' or 'oneHot', got 'onehot'. Use 'ids' for sparseCategoricalCrossentropy, 'oneHot' for categoricalCrossentropy.]`,
    );
    expect(() => datasets.spiral({ dtype: 'float16' as 'float32' })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: spiral(): expected dtype 'float32' or 'float64', got 'float16'. Leave dtype out for 'float32', or pass 'float64'.]`,
    );
    expect(() => datasets.spiral({ seed: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: spiral(): expected seed as an integer, got 1.5. Pass a whole number, e.g. seed: 42.]`,
    );
    expect(() => datasets.spiral({ shuffle: 'yes' as unknown as boolean })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: spiral(): expected shuffle as true or false, got 'yes'. Pass shuffle: true or shuffle: false.]`,
    );
  });
});
