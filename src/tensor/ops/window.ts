import type { ConvWindow, Window2d } from '../../kernels/windows.js';

/** How a window treats the border: 'valid' keeps it inside the image, 'same' pads so that ⌈n/s⌉ windows fit. */
export type Padding = 'valid' | 'same';

/** The settings of a 2-D window (a 1-D one has height 1): sizes, strides and dilations as [height, width]. */
export interface WindowSpec {
  readonly kernelSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilationRate: readonly [number, number];
  readonly padding: Padding;
}

/**
 * TensorFlow's rule for one axis of n pixels: 'valid' gives ⌊(n − span)/s⌋ + 1 outputs and no padding; 'same' gives
 * ⌈n/s⌉ outputs and pads half of what the windows overhang before the first pixel (the odd one goes after).
 * span = (k − 1)·d + 1 is the window's reach. Returns [outputs, pad before]; outputs may be ≤ 0 when n < span.
 */
export function windowAxis(n: number, k: number, s: number, d: number, padding: Padding): [number, number] {
  const span = (k - 1) * d + 1;
  if (padding === 'valid') return [Math.floor((n - span) / s) + 1, 0];
  const out = Math.ceil(n / s);
  return [out, Math.floor(Math.max((out - 1) * s + span - n, 0) / 2)];
}

/** The window of `spec` over a batch of [height, width, channels] images. */
export function window2d(batch: number, height: number, width: number, channels: number, spec: WindowSpec): Window2d {
  const [kh, kw] = spec.kernelSize;
  const [sh, sw] = spec.strides;
  const [dh, dw] = spec.dilationRate;
  const [outHeight, padTop] = windowAxis(height, kh, sh, dh, spec.padding);
  const [outWidth, padLeft] = windowAxis(width, kw, sw, dw, spec.padding);
  return {
    batch,
    inHeight: height,
    inWidth: width,
    channels,
    outHeight,
    outWidth,
    kernelHeight: kh,
    kernelWidth: kw,
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    padTop,
    padLeft,
  };
}

/** A convolution's window: `window2d` with its number of filters. */
export function convWindow(
  batch: number,
  height: number,
  width: number,
  channels: number,
  filters: number,
  spec: WindowSpec,
): ConvWindow {
  return { ...window2d(batch, height, width, channels, spec), filters };
}
