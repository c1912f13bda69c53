import { describe, expect, it } from 'vitest';
import { gatherRows } from '../../src/model/inputs.js';
import { tensor, zeros } from '../../src/tensor/tensor.js';

describe('gatherRows', () => {
  // narrow rows are copied value by value, rows of 32 or more through set(): both must land the same rows
  it.each([1, 2, 31, 32, 784])('copies rows order[start…start+count) in that order, %i columns', (cols) => {
    const rows = 6;
    const src = tensor(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => i * 1000 + j)));
    const order = Int32Array.from([4, 0, 5, 2, 1, 3]);
    const out = zeros([3, cols], 'float32');
    gatherRows(src, order, 2, 3, out);
    const expected = [5, 2, 1].flatMap((i) => Array.from({ length: cols }, (_, j) => i * 1000 + j));
    expect(Array.from(out.data)).toEqual(expected);
  });
});
