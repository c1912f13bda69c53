import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/core/errors.js';
import { data } from '../../../src/data/index.js';
import { tensor } from '../../../src/tensor/tensor.js';

describe('data.argMax', () => {
  it("returns each row's largest column as [rows, 1] class ids", () => {
    const ids = data.argMax(
      tensor(
        [
          [0.1, 0.7, 0.2],
          [0.8, 0.1, 0.1],
          [0, 0, 1],
        ],
        undefined,
        'float64',
      ),
    );
    expect(ids.shape).toEqual([3, 1]);
    expect(ids.dtype).toBe('float64');
    expect(ids.toArray()).toEqual([[1], [0], [2]]);
  });

  it('undoes oneHot, gives ties to the first column, and never picks NaN', () => {
    expect(Array.from(data.argMax(data.oneHot([2, 0, 1, 1], 3)).data)).toEqual([2, 0, 1, 1]);
    expect(data.argMax([[5, 5, 1]]).toArray()).toEqual([[0]]);
    expect(data.argMax([[NaN, 1, 2]]).toArray()).toEqual([[2]]);
  });

  it('needs a [rows, columns] matrix', () => {
    expect(() => data.argMax(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => data.argMax(tensor([1, 2]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: argMax(): expected x of shape [rows, columns], got [2]. argMax() works row by row on [rows, classes] scores; for a flat vector, reshape it to [1, n].]`,
    );
    expect(() => data.argMax(tensor([], [2, 0]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: argMax(): expected x with at least one column, got [2, 0]. Pass one row of scores per example, e.g. model.predict(x).]`,
    );
  });
});
