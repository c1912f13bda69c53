import { describe, expect, it } from 'vitest';
import { DataError, ShapeError, StateError } from '../../../src/core/errors.js';
import { data, datasets, MinMaxScaler } from '../../../src/data/index.js';
import { rowsOf } from '../stats.js';

describe('data.minMaxScaler', () => {
  it('maps each column onto [0, 1] by default, min to 0 and max to 1', () => {
    const scaler = data.minMaxScaler();
    const z = scaler.fitTransform([
      [1, -10],
      [3, 0],
      [5, 30],
    ]);
    expect(scaler).toBeInstanceOf(MinMaxScaler);
    expect(scaler.dataMin).toEqual([1, -10]);
    expect(scaler.dataMax).toEqual([5, 30]);
    expect(rowsOf(z)).toEqual([
      [0, 0],
      [0.5, 0.25],
      [1, 1],
    ]);
  });

  it('maps onto a chosen featureRange and round-trips through inverseTransform', () => {
    const { x } = datasets.blobs({ samples: 200, seed: 2, dtype: 'float64' });
    const scaler = data.minMaxScaler({ featureRange: [-1, 1] });
    const z = scaler.fitTransform(x);
    expect(Math.min(...z.data)).toBeCloseTo(-1, 12);
    expect(Math.max(...z.data)).toBeCloseTo(1, 12);
    scaler.inverseTransform(z).data.forEach((v, i) => expect(v).toBeCloseTo(x.data[i], 10));
  });

  it('maps a constant column to the low end instead of NaN', () => {
    const z = data.minMaxScaler({ featureRange: [2, 3] }).fitTransform([
      [7, 1],
      [7, 2],
    ]);
    expect(rowsOf(z)).toEqual([
      [2, 2],
      [2, 3],
    ]);
  });

  it('throws the typed errors: bad range, never fit, other columns, NaN', () => {
    expect(() => data.minMaxScaler({ featureRange: [1, 0] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: minMaxScaler(): expected featureRange as [low, high] with low < high, got [1, 0]. For example featureRange: [-1, 1].]`,
    );
    const scaler = data.minMaxScaler();
    expect(() => scaler.transform([[1]])).toThrow(StateError);
    expect(() => scaler.transform([[1]])).toThrowErrorMatchingInlineSnapshot(
      `[StateError: MinMaxScaler.transform(): expected a fitted scaler, got one that was never fit. Call fit(x) or fitTransform(x) on the training data first.]`,
    );
    scaler.fit([[1, 2]]);
    expect(() => scaler.inverseTransform([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => scaler.inverseTransform([[1, 2, 3]])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: MinMaxScaler.inverseTransform(): expected x of shape [rows, 2] (the columns fit() saw), got [1, 3]. Transform data with the same features, in the same order, as the data the scaler was fit on.]`,
    );
    expect(() => scaler.fit([[NaN, 1]])).toThrow(DataError);
    expect(() => scaler.fit([[NaN, 1]])).toThrowErrorMatchingInlineSnapshot(
      `[DataError: MinMaxScaler.fit(): expected finite numbers in x, got NaN at row 0, column 0. Drop or impute missing values first.]`,
    );
  });
});
