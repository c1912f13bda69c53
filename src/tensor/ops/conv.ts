import type { EpilogueActivation } from '../../kernels/kernels.js';
import { convScratchLength, type ConvWindow } from '../../kernels/windows.js';
import { kernelsFor } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { expectAtLeast, expectDims, expectSameDtype, expectVector } from './check.js';

// Channels-last images [batch, height, width, channels]; a 1-D input [batch, time, channels] is an image of height 1,
// and its kernel [k, in, out] a [1, k, in, out] one: same memory, so the checks allow axes of size 1 to be left out.

function checkConv(op: string, x: Tensor, kernel: Tensor, dy: Tensor, w: ConvWindow, scratch: Tensor): void {
  expectDims(op, 'the input', x, w.batch, w.inHeight, w.inWidth, w.channels);
  expectDims(op, 'the kernel', kernel, w.kernelHeight, w.kernelWidth, w.channels, w.filters);
  expectDims(op, 'the output', dy, w.batch, w.outHeight, w.outWidth, w.filters);
  expectAtLeast(op, 'the scratch buffer', scratch, convScratchLength(w));
  expectSameDtype(op, x, kernel, dy);
  expectSameDtype(op, x, scratch);
}

/**
 * out = activation(conv(x, kernel) + bias): x [b, h, w, in], kernel [kh, kw, in, out] → out [b, oh, ow, out], the
 * window, padding, strides and dilation as `w` says; `bias` may be null. `scratch` is working space.
 */
export function conv2d(
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | null,
  activation: EpilogueActivation,
  w: ConvWindow,
  scratch: Tensor,
  out: Tensor,
): Tensor {
  const op = 'ops.conv2d()';
  checkConv(op, x, kernel, out, w, scratch);
  if (bias) expectVector(op, 'the bias', bias, w.filters);
  kernelsFor(x.dtype).conv2d(x.data, kernel.data, bias?.data ?? null, out.data, w, activation, scratch.data);
  return out;
}

/** dx = ∂(Σ dy·conv(x))/∂x: the gradient a convolution passes back (dx shaped as x). */
export function conv2dBackwardInput(dy: Tensor, kernel: Tensor, w: ConvWindow, scratch: Tensor, dx: Tensor): Tensor {
  checkConv('ops.conv2dBackwardInput()', dx, kernel, dy, w, scratch);
  kernelsFor(dy.dtype).conv2dBackwardInput(dy.data, kernel.data, dx.data, w, scratch.data);
  return dx;
}

/** dKernel = ∂(Σ dy·conv(x))/∂kernel, summed over the batch: the filter gradient [kh, kw, in, out]. */
export function conv2dBackwardFilter(x: Tensor, dy: Tensor, w: ConvWindow, scratch: Tensor, dKernel: Tensor): Tensor {
  checkConv('ops.conv2dBackwardFilter()', x, dKernel, dy, w, scratch);
  kernelsFor(x.dtype).conv2dBackwardFilter(x.data, dy.data, dKernel.data, w, scratch.data);
  return dKernel;
}
