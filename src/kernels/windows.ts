/**
 * Where a pooling or convolution window falls on channels-last images [batch, height, width, channels]. A 1-D
 * window is a 2-D one of height 1. Pads are the rows and columns of zeros (or, for max pooling, of nothing) before
 * the first pixel; those after the last follow from the output size.
 */
export interface Window2d {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** A convolution's window with its number of filters (output channels); its kernel is [kh, kw, channels, filters]. */
export interface ConvWindow extends Window2d {
  readonly filters: number;
}

/** Where the WebAssembly input gradient is a transposed convolution (measured; as wasm/assembly/conv.ts decides). */
const transposed = (w: ConvWindow): boolean =>
  w.strideHeight === 1 && w.strideWidth === 1 && w.channels > 3 && w.filters <= 16;

/**
 * How many elements the `scratch` array of the convolution kernels must hold for `w`: one image's patches as rows
 * (im2col), [outHeight·outWidth, kernelHeight·kernelWidth·channels]; where the WebAssembly input gradient is a
 * transposed convolution, at least that form's too (the flipped kernel and dy's patches over the input pixels,
 * kernelHeight·kernelWidth·filters·(channels + inHeight·inWidth)).
 * Every backend reads this one rule, so the caller can size the buffer without knowing which backend runs.
 */
export function convScratchLength(w: ConvWindow): number {
  const patches = w.outHeight * w.outWidth * w.kernelHeight * w.kernelWidth * w.channels;
  if (!transposed(w)) return patches;
  return Math.max(patches, w.kernelHeight * w.kernelWidth * w.filters * (w.channels + w.inHeight * w.inWidth));
}
