// the convolution and pooling ops: what they accept (shapes equal up to axes of size 1), what they refuse, and the
// workspace's index buffers for max pooling
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { convScratchLength } from '../../src/kernels/windows.js';
import * as ops from '../../src/tensor/ops/index.js';
import { zeros } from '../../src/tensor/tensor.js';
import { Workspace } from '../../src/tensor/workspace.js';
import { randomTensor } from '../helpers/grad-check.js';

const spec = { kernelSize: [1, 3], strides: [1, 1], dilationRate: [1, 1], padding: 'valid' } as const;

describe('ops.conv2d and the pooling ops', () => {
  const w = ops.convWindow(2, 1, 6, 3, 4, spec);
  const scratch = zeros([convScratchLength(w)], 'float64');

  it('a sequence [b, t, c] with a kernel [k, in, out] is the image [b, 1, t, c] with [1, k, in, out]', () => {
    const x = randomTensor([2, 6, 3], new Rng(1));
    const kernel = randomTensor([3, 3, 4], new Rng(2));
    const seq = ops.conv2d(x, kernel, null, 'linear', w, scratch, zeros([2, 4, 4], 'float64'));
    const image = ops.conv2d(
      ops.reshape(x, [2, 1, 6, 3]),
      ops.reshape(kernel, [1, 3, 3, 4]),
      null,
      'linear',
      w,
      scratch,
      zeros([2, 1, 4, 4], 'float64'),
    );
    expect(Array.from(seq.data)).toEqual(Array.from(image.data));
    // out[0, 0, f] = Σ_k Σ_c x[0, k, c]·kernel[k, c, f]
    let sum = 0;
    for (let k = 0; k < 3; k++) for (let c = 0; c < 3; c++) sum += x.data[k * 3 + c] * kernel.data[(k * 3 + c) * 4];
    expect(seq.data[0]).toBeCloseTo(sum, 12);
  });

  it('refuses buffers that do not fit the window, naming the op and both shapes', () => {
    const x = randomTensor([2, 6, 3], new Rng(1));
    const kernel = randomTensor([3, 3, 4], new Rng(2));
    expect(() => ops.conv2d(x, kernel, null, 'linear', w, scratch, zeros([2, 5, 4], 'float64'))).toThrow(
      /^ops\.conv2d\(\): expected the output of shape \[2, 1, 4, 4\], got \[2, 5, 4\]\. A layer passed mismatched buffers/,
    );
    expect(() =>
      ops.conv2d(x, zeros([3, 3, 5], 'float64'), null, 'linear', w, scratch, zeros([2, 4, 4], 'float64')),
    ).toThrow(/the kernel of shape \[1, 3, 3, 4\], got \[3, 3, 5\]/);
    expect(() =>
      ops.conv2d(x, kernel, zeros([3], 'float64'), 'linear', w, scratch, zeros([2, 4, 4], 'float64')),
    ).toThrow(/the bias of shape \[4\]/);
    expect(() => ops.conv2d(x, kernel, null, 'linear', w, zeros([5], 'float64'), zeros([2, 4, 4], 'float64'))).toThrow(
      /the scratch buffer of at least 36 values, got 5 values/,
    );
    expect(() => ops.conv2d(x, kernel, null, 'linear', w, scratch, zeros([2, 4, 4], 'float32'))).toThrow(ShapeError);
    const pool = ops.window2d(2, 1, 6, 3, { ...spec, strides: [1, 3] });
    expect(() => ops.maxPool2d(x, pool, new Int32Array(5), zeros([2, 2, 3], 'float64'))).toThrow(
      /^ops\.maxPool2d\(\): expected an index buffer of 12 values, one per output, got 5\./,
    );
    expect(Array.from(ops.avgPool2d(x, pool, zeros([2, 2, 3], 'float64')).data.subarray(0, 1))).toEqual([
      (x.data[0] + x.data[3] + x.data[6]) / 3,
    ]);
  });
});

describe('Workspace.indices', () => {
  it('hands back the same buffer for the same size, a new one for another, and keeps three sizes', () => {
    const ws = new Workspace('float64');
    const a = ws.indices('argmax', 8);
    expect(a).toBeInstanceOf(Int32Array);
    expect(ws.indices('argmax', 8)).toBe(a);
    const b = ws.indices('argmax', 4);
    expect(b).not.toBe(a);
    expect(ws.indices('argmax', 8)).toBe(a);
    expect(ws.indices('other', 8)).not.toBe(a);
    ws.indices('argmax', 5);
    ws.indices('argmax', 6);
    expect(ws.indices('argmax', 8)).not.toBe(a);
  });
});
