import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

describe('st.tensor input of any kind and rank', () => {
  it('reads nested arrays of any depth', () => {
    const x = st.tensor([
      [
        [[1], [2]],
        [[3], [4]],
      ],
      [
        [[5], [6]],
        [[7], [8]],
      ],
    ]);
    expect(x.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reads integer typed arrays (class labels, pixels) as float32 values', () => {
    for (const ids of [Int32Array.from([0, 2, 1]), Uint8Array.from([0, 2, 1]), Uint16Array.from([0, 2, 1])]) {
      const t = st.tensor(ids);
      expect(t.dtype).toBe('float32');
      expect(t.shape).toEqual([3]);
      expect(Array.from(t.data)).toEqual([0, 2, 1]);
    }
    expect(st.tensor(Uint8Array.from([255, 0, 7, 9]), [2, 2]).toArray()).toEqual([
      [255, 0],
      [7, 9],
    ]);
  });

  it('reads an array of typed-array rows', () => {
    const t = st.tensor([Float32Array.from([1, 2, 3]), Float32Array.from([4, 5, 6])]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const deeper = st.tensor([[Int32Array.from([1, 2])], [Int32Array.from([3, 4])]]);
    expect(deeper.shape).toEqual([2, 1, 2]);
    expect(() => st.tensor([Float32Array.from([1, 2]), Float32Array.from([3])])).toThrow(st.ShapeError);
  });

  it('refuses an array hole instead of shifting the later rows', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holed = [[0, 0], , [1, 0], [1, 1]] as unknown as number[][];
    expect(() => st.tensor(holed)).toThrow(/an empty slot \(an array hole or undefined\).*doubled comma/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => st.tensor([1, , 3] as unknown as number[])).toThrow(/a number at \[1\], got an empty slot/);
  });

  it('names a null cell as a missing value, not as a ragged row', () => {
    expect(() => st.tensor([[1, null]] as unknown as number[][])).toThrow(
      /a number at \[0\]\[1\], got null\. Replace missing values/,
    );
  });

  it('refuses a Tensor whose data does not fill its shape', () => {
    expect(() => new st.Tensor(new Float32Array(3), [2, 2], 'float32')).toThrow(
      /new Tensor\(data, shape, dtype\): expected a Float32Array of as many values as the shape holds, got a Float32Array of 3 values for shape \[2, 2\] \(4 values\)/,
    );
    expect(() => new st.Tensor(new Float64Array(4), [2, 2], 'float32')).toThrow(st.ShapeError);
    expect(() => new st.Tensor(new Float32Array(4), [2, -2], 'float32')).toThrow(st.ShapeError);
    expect(new st.Tensor(new Float32Array(4), [2, 2], 'float32').shape).toEqual([2, 2]);
  });

  it('refuses toArray() on a disposed tensor', () => {
    const t = st.tensor([[1, 2]]);
    t.dispose();
    expect(() => t.toArray()).toThrow(st.StateError);
  });

  it('refuses a shape that is not an array', () => {
    expect(() => st.tensor([1, 2], 2 as unknown as number[])).toThrow(
      /tensor\(\): expected a shape as an array of whole numbers/,
    );
  });
});
