import { describe, expect, it } from 'vitest';
import { DataError, ShapeError, StateError } from '../../../src/core/errors.js';
import { data, datasets, StandardScaler } from '../../../src/data/index.js';
import { tensor } from '../../../src/tensor/tensor.js';
import { columnMean, columnStd, rowsOf } from '../stats.js';

describe('data.standardScaler', () => {
  it("learns scikit-learn's mean and population std", () => {
    const scaler = data.standardScaler().fit([
      [1, 10],
      [2, 20],
      [3, 60],
    ]);
    expect(scaler).toBeInstanceOf(StandardScaler);
    expect(scaler.mean).toEqual([2, 30]);
    expect(scaler.variance![0]).toBeCloseTo(2 / 3, 12);
    expect(scaler.scale![1]).toBeCloseTo(Math.sqrt(1400 / 3), 12);
  });

  it('maps each column to mean 0 and std 1, and inverseTransform undoes it', () => {
    const { x } = datasets.makeClassification({ samples: 500, features: 6, seed: 1, dtype: 'float64' });
    const scaler = data.standardScaler();
    const z = scaler.fitTransform(x);
    expect(z.dtype).toBe('float64');
    for (let j = 0; j < 6; j++) {
      expect(columnMean(z, j)).toBeCloseTo(0, 10);
      expect(columnStd(z, j)).toBeCloseTo(1, 10);
    }
    const back = scaler.inverseTransform(z);
    back.data.forEach((v, i) => expect(v).toBeCloseTo(x.data[i], 10));
  });

  it('gives a constant column scale 1, so it maps to 0 and never to NaN', () => {
    const x = tensor([
      [0.1, 5],
      [0.1, 6],
      [0.1, 7],
    ]);
    const scaler = data.standardScaler();
    const z = scaler.fitTransform(x);
    expect(scaler.scale![0]).toBe(1);
    expect(rowsOf(z).map((r) => r[0])).toEqual([0, 0, 0]);
    expect(z.data.some(Number.isNaN)).toBe(false);
    expect(rowsOf(scaler.inverseTransform(z)).map((r) => r[0])).toEqual([
      Math.fround(0.1),
      Math.fround(0.1),
      Math.fround(0.1),
    ]);
  });

  it('returns float32 for plain arrays and keeps a float32 tensor float32', () => {
    const scaler = data.standardScaler();
    expect(scaler.fitTransform([[1], [3]]).dtype).toBe('float32');
    expect(scaler.transform(tensor([[1], [3]])).toArray()).toEqual([[-1], [1]]);
  });

  it('refuses to transform before fit, with a StateError', () => {
    const scaler = data.standardScaler();
    expect(scaler.mean).toBeUndefined();
    expect(() => scaler.transform([[1]])).toThrow(StateError);
    expect(() => scaler.transform([[1]])).toThrowErrorMatchingInlineSnapshot(
      `[StateError: StandardScaler.transform(): expected a fitted scaler, got one that was never fit. Call fit(x) or fitTransform(x) on the training data first.]`,
    );
    expect(() => scaler.inverseTransform([[1]])).toThrowErrorMatchingInlineSnapshot(
      `[StateError: StandardScaler.inverseTransform(): expected a fitted scaler, got one that was never fit. Call fit(x) or fitTransform(x) on the training data first.]`,
    );
  });

  it('refuses data with other columns than fit saw, with a ShapeError', () => {
    const scaler = data.standardScaler().fit([[1, 2, 3]]);
    expect(() => scaler.transform([[1, 2]])).toThrow(ShapeError);
    expect(() => scaler.transform([[1, 2]])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: StandardScaler.transform(): expected x of shape [rows, 3] (the columns fit() saw), got [1, 2]. Transform data with the same features, in the same order, as the data the scaler was fit on.]`,
    );
    expect(() => scaler.fit(tensor([1, 2, 3]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: StandardScaler.fit(): expected x of shape [rows, columns], got [3]. Pass a single feature as a column, shape [rows, 1].]`,
    );
    expect(() => scaler.fit(tensor([], [0, 2]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: StandardScaler.fit(): expected x with at least 1 row, got [0, 2].]`,
    );
  });

  it('names the row and column of a NaN or Infinity, with a DataError', () => {
    const scaler = data.standardScaler();
    expect(() =>
      scaler.fit([
        [1, 2],
        [3, NaN],
      ]),
    ).toThrow(DataError);
    expect(() =>
      scaler.fit([
        [1, 2],
        [3, NaN],
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[DataError: StandardScaler.fit(): expected finite numbers in x, got NaN at row 1, column 1. Drop or impute missing values first.]`,
    );
    scaler.fit([[1, 2]]);
    expect(() => scaler.transform([[Infinity, 2]])).toThrowErrorMatchingInlineSnapshot(
      `[DataError: StandardScaler.transform(): expected finite numbers in x, got Infinity at row 0, column 0. Drop or impute missing values first.]`,
    );
  });
});
