import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError } from '../../../src/core/errors.js';
import { data } from '../../../src/data/index.js';
import { tensor } from '../../../src/tensor/tensor.js';
import { classCounts, rowsOf } from '../stats.js';

// row i of x is [i, 10i] and row i of y is i, so pairs can be checked after the shuffle
const rows = 20;
const x = tensor(Array.from({ length: rows }, (_, i) => [i, 10 * i]));
const y = tensor(Array.from({ length: rows }, (_, i) => [i]));

describe('data.trainTestSplit', () => {
  it('splits off ceil(testSize · rows) test rows and keeps x and y rows paired', () => {
    const { xTrain, xTest, yTrain, yTest } = data.trainTestSplit(x, y, { seed: 1 });
    expect([xTrain.shape, xTest.shape, yTrain.shape, yTest.shape]).toEqual([
      [15, 2],
      [5, 2],
      [15, 1],
      [5, 1],
    ]);
    rowsOf(xTrain).forEach(([a, b], r) => expect([b, yTrain.data[r]]).toEqual([10 * a, a]));
    rowsOf(xTest).forEach(([a, b], r) => expect([b, yTest.data[r]]).toEqual([10 * a, a]));
    const all = [...yTrain.data, ...yTest.data].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: rows }, (_, i) => i));
    expect(data.trainTestSplit(x, y, { testSize: 0.33, seed: 1 }).xTest.shape).toEqual([7, 2]);
    expect(data.trainTestSplit(x, y, { testSize: 3, seed: 1 }).xTest.shape).toEqual([3, 2]);
  });

  it('keeps the row order with shuffle: false, the last rows being the test set', () => {
    const { yTrain, yTest } = data.trainTestSplit(x, y, { shuffle: false, testSize: 0.2 });
    expect(Array.from(yTrain.data)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(Array.from(yTest.data)).toEqual([16, 17, 18, 19]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const first = data.trainTestSplit(x, y, { seed: 2 }).yTest.data;
    expect(data.trainTestSplit(x, y, { seed: 2 }).yTest.data).toEqual(first);
    expect(data.trainTestSplit(x, y, { seed: 3 }).yTest.data).not.toEqual(first);
  });

  it('keeps class proportions with stratify, for ids and one-hot labels alike', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : i < 92 ? 1 : 2));
    const features = tensor(labels.map((l, i) => [i, l]));
    const ids = tensor(labels);
    for (const seed of [1, 2, 3]) {
      const split = data.trainTestSplit(features, ids, { testSize: 0.25, stratify: true, seed });
      expect(classCounts(split.yTest)).toEqual({ 0: 20, 1: 3, 2: 2 });
      expect(classCounts(split.yTrain)).toEqual({ 0: 60, 1: 9, 2: 6 });
      rowsOf(split.xTest).forEach(([, l], r) => expect(split.yTest.data[r]).toBe(l));
    }
    const hot = data.oneHot(labels, 3);
    const split = data.trainTestSplit(features, hot, { testSize: 0.25, stratify: true, seed: 4 });
    expect(classCounts(data.argMax(split.yTest))).toEqual({ 0: 20, 1: 3, 2: 2 });
  });

  it('accepts 1-D arrays for x and y', () => {
    const split = data.trainTestSplit([1, 2, 3, 4], [0, 1, 0, 1], { testSize: 2, seed: 1 });
    expect(split.xTrain.shape).toEqual([2]);
    expect(split.yTest.shape).toEqual([2]);
  });

  it('throws the typed errors: rows that differ, bad testSize, stratify without shuffle, a lone class', () => {
    expect(() => data.trainTestSplit(x, [1, 2, 3])).toThrow(ShapeError);
    expect(() => data.trainTestSplit(x, [1, 2, 3])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: trainTestSplit(): expected x and y with the same number of rows, got x of shape [20, 2] and y of shape [3]. Each row of x needs exactly one row of y.]`,
    );
    expect(() => data.trainTestSplit(x, y, { testSize: 0 })).toThrow(ConfigError);
    expect(() => data.trainTestSplit(x, y, { testSize: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: trainTestSplit(): expected testSize as a share in (0, 1) or a whole number of rows, got 0. For example testSize: 0.2 (a fifth) or testSize: 100 (rows).]`,
    );
    expect(() => data.trainTestSplit(x, y, { testSize: 20 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: trainTestSplit(): expected testSize to leave at least one of the 20 rows for training, got 20 test rows. Use a smaller testSize or more data.]`,
    );
    expect(() => data.trainTestSplit(x, y, { stratify: true, shuffle: false })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: trainTestSplit(): expected shuffle: true with stratify: true, got shuffle: false. A stratified split draws each class's test rows at random; drop stratify for an ordered split.]`,
    );
    expect(() => data.trainTestSplit(x, y, { stratify: true })).toThrow(DataError);
    expect(() => data.trainTestSplit(x, y, { stratify: true })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: trainTestSplit(): expected at least 2 rows of every class to stratify, got 1 row of class 0. Merge or drop the rare class, or split without stratify.]`,
    );
    const three = [0, 0, 1, 1, 2, 2, 0, 1];
    expect(() => data.trainTestSplit(three, three, { stratify: true, testSize: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: trainTestSplit(): expected at least one row per class (3) on each side of a stratified split, got 6 training and 2 test rows. Use a testSize closer to 0.5, or more data.]`,
    );
  });
});
