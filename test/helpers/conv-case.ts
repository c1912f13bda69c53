import type { ConvWindow } from '../../src/kernels/windows.js';

/** A convolution as the kernel tests describe it: one image size, channel and filter counts and the window. */
export interface ConvCase {
  batch: number;
  size: [number, number];
  channels: number;
  filters: number;
  kernel: [number, number];
  strides: [number, number];
  dilation: [number, number];
  padding: 'valid' | 'same';
}

/**
 * The kernels' window for a case (at `batch` images, the case's own by default), by TensorFlow's rule: 'same' gives
 * ⌈n/s⌉ outputs and puts the odd pad after; 'valid' keeps windows inside.
 */
export function windowOf(c: Omit<ConvCase, 'batch'> & { batch?: number }, batch = c.batch ?? 1): ConvWindow {
  const axis = (n: number, k: number, s: number, d: number) => {
    const span = (k - 1) * d + 1;
    if (c.padding === 'valid') return { out: Math.floor((n - span) / s) + 1, pad: 0 };
    const out = Math.ceil(n / s);
    return { out, pad: Math.floor(Math.max((out - 1) * s + span - n, 0) / 2) };
  };
  const h = axis(c.size[0], c.kernel[0], c.strides[0], c.dilation[0]);
  const w = axis(c.size[1], c.kernel[1], c.strides[1], c.dilation[1]);
  return {
    batch,
    inHeight: c.size[0],
    inWidth: c.size[1],
    channels: c.channels,
    filters: c.filters,
    outHeight: h.out,
    outWidth: w.out,
    kernelHeight: c.kernel[0],
    kernelWidth: c.kernel[1],
    strideHeight: c.strides[0],
    strideWidth: c.strides[1],
    dilationHeight: c.dilation[0],
    dilationWidth: c.dilation[1],
    padTop: h.pad,
    padLeft: w.pad,
  };
}
