import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError } from '../../../src/core/errors.js';
import { data } from '../../../src/data/index.js';
import { tensor } from '../../../src/tensor/tensor.js';

describe('data.oneHot', () => {
  it('encodes class ids as one-hot rows', () => {
    const hot = data.oneHot([0, 2, 1], 4);
    expect(hot.shape).toEqual([3, 4]);
    expect(hot.dtype).toBe('float32');
    expect(hot.toArray()).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('takes a [n, 1] tensor, keeps its dtype, and infers classes from the largest id', () => {
    const hot = data.oneHot(tensor([[1], [0]], undefined, 'float64'));
    expect(hot.dtype).toBe('float64');
    expect(hot.toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('validates ids, classes and shape', () => {
    expect(() => data.oneHot([0, 3], 3)).toThrow(DataError);
    expect(() => data.oneHot([0, 3], 3)).toThrowErrorMatchingInlineSnapshot(
      `[DataError: oneHot(): expected integer class ids in [0, 3), got 3 at row 1. Pass classes ≥ 4, or renumber the classes from 0.]`,
    );
    expect(() => data.oneHot([0, 1.5], 3)).toThrowErrorMatchingInlineSnapshot(
      `[DataError: oneHot(): expected integer class ids in [0, 3), got 1.5 at row 1. Class ids are whole numbers counted from 0.]`,
    );
    expect(() => data.oneHot([-1])).toThrowErrorMatchingInlineSnapshot(
      `[DataError: oneHot(): expected integer class ids in [0, classes), got -1 at row 0. Class ids are whole numbers counted from 0.]`,
    );
    expect(() => data.oneHot([0], 0)).toThrow(ConfigError);
    expect(() => data.oneHot([0], 0)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: oneHot(): expected classes as an integer ≥ 1, got 0. Pass a whole number of at least 1.]`,
    );
    expect(() => data.oneHot(tensor([[1, 0]]), 2)).toThrow(ShapeError);
    expect(() => data.oneHot(tensor([[1, 0]]), 2)).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: oneHot(): expected labels of shape [n] or [n, 1] holding class ids, got [1, 2]. These rows look encoded already; argMax() turns them back into ids.]`,
    );
  });
});
