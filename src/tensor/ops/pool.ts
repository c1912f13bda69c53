import type { Window2d } from '../../kernels/windows.js';
import { kernelsFor } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { expectDims, expectIndices, expectSameDtype } from './check.js';

// Pooling over channels-last images [b, h, w, c] → [b, oh, ow, c]; sequences are images of height 1 and global
// pooling is one window over the whole image, so an output may leave out its axes of size 1 ([b, c]).

function checkPool(op: string, x: Tensor, y: Tensor, w: Window2d): void {
  expectDims(op, 'the input', x, w.batch, w.inHeight, w.inWidth, w.channels);
  expectDims(op, 'the output', y, w.batch, w.outHeight, w.outWidth, w.channels);
  expectSameDtype(op, x, y);
}

/** out = the maximum of each window (padding never chosen); argmax keeps where each came from, for the gradient. */
export function maxPool2d(x: Tensor, w: Window2d, argmax: Int32Array, out: Tensor): Tensor {
  const op = 'ops.maxPool2d()';
  checkPool(op, x, out, w);
  expectIndices(op, argmax, out.size);
  kernelsFor(x.dtype).maxPool2d(x.data, out.data, argmax, w);
  return out;
}

/** dx = dy routed back to the pixel each maximum came from (zero elsewhere). */
export function maxPool2dBackward(dy: Tensor, argmax: Int32Array, w: Window2d, dx: Tensor): Tensor {
  const op = 'ops.maxPool2dBackward()';
  checkPool(op, dx, dy, w);
  expectIndices(op, argmax, dy.size);
  kernelsFor(dy.dtype).maxPool2dBackward(dy.data, argmax, dx.data);
  return dx;
}

/** out = the mean of each window's pixels inside the image (padding not counted, as TensorFlow does). */
export function avgPool2d(x: Tensor, w: Window2d, out: Tensor): Tensor {
  checkPool('ops.avgPool2d()', x, out, w);
  kernelsFor(x.dtype).avgPool2d(x.data, out.data, w);
  return out;
}

/** dx = each dy spread evenly over its window's pixels inside the image. */
export function avgPool2dBackward(dy: Tensor, w: Window2d, dx: Tensor): Tensor {
  checkPool('ops.avgPool2dBackward()', dx, dy, w);
  kernelsFor(dy.dtype).avgPool2dBackward(dy.data, dx.data, w);
  return dx;
}
