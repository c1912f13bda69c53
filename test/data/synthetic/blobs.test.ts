import { describe, expect, it } from 'vitest';
import { datasets } from '../../../src/data/index.js';
import { classCounts, columnMean, columnStd } from '../stats.js';

describe('datasets.blobs', () => {
  it("defaults to tutorial 002's two unit Gaussians at (−2, −2) and (2, 2)", () => {
    const { x, y } = datasets.blobs({ samples: 2000, seed: 1 });
    expect(x.shape).toEqual([2000, 2]);
    expect(classCounts(y)).toEqual({ 0: 1000, 1: 1000 });
    for (const [c, center] of [
      [0, -2],
      [1, 2],
    ])
      for (const j of [0, 1]) expect(Math.abs(columnMean(x, j, (r) => y.data[r] === c) - center)).toBeLessThan(0.15);
    expect(Array.from(y.data.slice(0, 20))).not.toEqual(Array<number>(20).fill(0));
  });

  it('takes explicit centers with one std each, and splits samples as evenly as possible', () => {
    const centers = [
      [0, 0, 0],
      [10, 0, 0],
      [0, 10, 0],
    ];
    const { x, y } = datasets.blobs({ samples: 3001, centers, std: [0.1, 1, 2], shuffle: false, seed: 2 });
    expect(x.shape).toEqual([3001, 3]);
    expect(classCounts(y)).toEqual({ 0: 1001, 1: 1000, 2: 1000 });
    const spread = (c: number) => columnStd(x, 2, (r) => y.data[r] === c);
    expect(spread(0)).toBeCloseTo(0.1, 2);
    expect(spread(1)).toBeCloseTo(1, 1);
    expect(spread(2)).toBeCloseTo(2, 0);
  });

  it('draws a count of centers inside centerBox', () => {
    const { x, y } = datasets.blobs({ samples: 400, centers: 4, features: 3, std: 0.01, centerBox: [5, 6], seed: 3 });
    expect(x.shape).toEqual([400, 3]);
    expect(Object.keys(classCounts(y))).toEqual(['0', '1', '2', '3']);
    for (const v of x.data) expect(v > 4.9 && v < 6.1).toBe(true);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(datasets.blobs({ seed: 4 }).x.data).toEqual(datasets.blobs({ seed: 4 }).x.data);
    expect(datasets.blobs({ seed: 4 }).x.data).not.toEqual(datasets.blobs({ seed: 5 }).x.data);
  });

  it('rejects ragged centers, a std list of the wrong length and an empty box', () => {
    expect(() => datasets.blobs({ centers: [[0, 0], [1]] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: blobs(): expected centers as a count or as rows of finite coordinates, all the same length, got row 1 of length 1 (row 0 has 2). For two classes in the plane: centers: [[-2, -2], [2, 2]].]`,
    );
    expect(() => datasets.blobs({ std: [1, 2, 3] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: blobs(): expected one std per center (2), got an array of length 3. Pass a single number to use the same spread for every cluster.]`,
    );
    expect(() => datasets.blobs({ std: [1, -2] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: blobs(): expected std[1] ≥ 0, got -2. Pick a finite value for std[1] inside that range.]`,
    );
    expect(() => datasets.blobs({ centers: 2, centerBox: [1, 1] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: blobs(): expected centerBox as [low, high] with low < high, got [1, 1]. For example centerBox: [-1, 1].]`,
    );
  });
});
