// Convolution over channels-last images, one image at a time: its patches are laid out as rows (im2col) in the
// caller's scratch block, and the tiled GEMM does the arithmetic. Kernel [kh, kw, C, F] is already the [K, F]
// matrix the patches multiply (K = kh·kw·C), so no weight is ever repacked by hand.
import { conv2dBackwardFilterDirect, conv2dDirect, directScratch } from './conv-direct';
import {
  conv2dBackwardFilterNarrow,
  conv2dBackwardInputNarrow,
  conv2dNarrow,
  filterNarrowScratch,
  inputNarrowScratch,
  narrowScratch,
} from './conv-narrow';
import { gemmRange } from './gemm';
import { at } from './simd';

// The window of the current call. Globals, not arguments: every helper reads the same dozen integers, and each
// worker thread has its own instance (so its own copy).
let inH: i32 = 0;
let inW: i32 = 0;
let C: i32 = 0;
let outH: i32 = 0;
let outW: i32 = 0;
let kH: i32 = 0;
let kW: i32 = 0;
let sH: i32 = 0;
let sW: i32 = 0;
let dH: i32 = 0;
let dW: i32 = 0;
let padT: i32 = 0;
let padL: i32 = 0;

function setWindow(
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
): void {
  inH = inHeight;
  inW = inWidth;
  C = channels;
  outH = outHeight;
  outW = outWidth;
  kH = kernelHeight;
  kW = kernelWidth;
  sH = strideHeight;
  sW = strideWidth;
  dH = dilationHeight;
  dW = dilationWidth;
  padT = padTop;
  padL = padLeft;
}

/** n floats from src to dst, four at a time. */
function copy(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + at(i), v128.load(src + at(i)));
  for (; i < n; i++) store<f32>(dst + at(i), load<f32>(src + at(i)));
}

/** dst[0..n) += src[0..n). */
function addTo(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + at(i), f32x4.add(v128.load(dst + at(i)), v128.load(src + at(i))));
  for (; i < n; i++) store<f32>(dst + at(i), load<f32>(dst + at(i)) + load<f32>(src + at(i)));
}

/**
 * One image's patches as rows of `col` [outH·outW, kh·kw·C]; taps outside the image are zeros. With no dilation, a
 * patch row's kw taps are kw·C contiguous floats of the image, copied as one run.
 */
function im2col(x: usize, col: usize): void {
  const run = kW * C;
  const K = kH * run;
  let row = col;
  for (let oy = 0; oy < outH; oy++) {
    const iy0 = oy * sH - padT;
    for (let ox = 0; ox < outW; ox++) {
      const ix0 = ox * sW - padL;
      const whole = dW == 1 && ix0 >= 0 && ix0 + kW <= inW;
      for (let ky = 0; ky < kH; ky++) {
        const iy = iy0 + ky * dH;
        const dst = row + at(ky * run);
        if (iy < 0 || iy >= inH) {
          memory.fill(dst, 0, at(run));
          continue;
        }
        const src = x + at((iy * inW + ix0) * C);
        if (whole) {
          copy(dst, src, run);
          continue;
        }
        for (let kx = 0; kx < kW; kx++) {
          const ix = ix0 + kx * dW;
          if (ix < 0 || ix >= inW) memory.fill(dst + at(kx * C), 0, at(C));
          else copy(dst + at(kx * C), src + at(kx * dW * C), C);
        }
      }
      row += at(K);
    }
  }
}

/** The adjoint of im2col: each patch row of `col` is added back onto the pixels it came from in dx (zeroed here). */
function col2im(col: usize, dx: usize): void {
  const run = kW * C;
  const K = kH * run;
  memory.fill(dx, 0, at(inH * inW * C));
  let row = col;
  for (let oy = 0; oy < outH; oy++) {
    const iy0 = oy * sH - padT;
    for (let ox = 0; ox < outW; ox++) {
      const ix0 = ox * sW - padL;
      const whole = dW == 1 && ix0 >= 0 && ix0 + kW <= inW;
      for (let ky = 0; ky < kH; ky++) {
        const iy = iy0 + ky * dH;
        if (iy < 0 || iy >= inH) continue;
        const src = row + at(ky * run);
        const dst = dx + at((iy * inW + ix0) * C);
        if (whole) {
          addTo(dst, src, run);
          continue;
        }
        for (let kx = 0; kx < kW; kx++) {
          const ix = ix0 + kx * dW;
          if (ix >= 0 && ix < inW) addTo(dst + at(kx * dW * C), src + at(kx * C), C);
        }
      }
      row += at(K);
    }
  }
}

// The designs, chosen by measurement (bench/cases/conv-kernels.ts; BENCHMARKS.md, "Convolution kernels"; direct ÷
// im2col speed per interleaved pair, four runs). Forward: the direct loops won 2.3–3.1× at 1→8 filters, 0.95–1.2× at
// 8→16, 1.1–1.4× at 32→64, lost 0.7–0.8× at 1→32 (nine taps: loop overhead per 8 filters). Filter gradient: direct
// 2.1–2.6× at 1→8, 0.9–1.25× at 1→32, 0.5–0.9× with 8 or 32 channels. Input gradient: the transposed form won
// 1.04–1.47× at 8→16 and lost at 1→32 (a GEMM one column wide), 1→8 and 32→64 (col2im's GEMM is already 64 deep).
// Filter counts that are a multiple of 8 go to conv-narrow.ts's blocks, which beat every design above on the
// cnn-small and cnn-keras shapes (bench/conv-designs.ts; BENCHMARKS.md, "cnn-small on one thread"; GFLOP/s, batch
// 64, one run, narrow vs the best other): forward 1→8 43 vs 25 (direct), 8→16 56 vs 35, 1→32 34 vs 18 (im2col),
// 32→64 53 vs 47; filter gradient 1→8 46 vs 28, 8→16 53 vs 35 (im2col), 1→32 39 vs 26, 32→64 46 vs 41; input
// gradient (channels a multiple of 8) 8→16 57 vs 32 (transposed), 32→64 41 vs 36 (col2im).
/** Up to this many channels count as few (a first layer's). */
const FEW_CHANNELS: i32 = 3;
/** Few channels with more filters than this go to im2col (forward) and the GEMM (filter gradient). */
const DIRECT_MAX_FILTERS: i32 = 16;
/** The input gradient is transposed at stride 1 with more than FEW_CHANNELS and at most this many filters. */
const TRANSPOSED_MAX_FILTERS: i32 = 16;

/** Whether one padded image (the direct loops' scratch) fits the im2col scratch. */
function padFits(C: i32, outH: i32, outW: i32, kH: i32, kW: i32, sH: i32, sW: i32, dH: i32, dW: i32): bool {
  return directScratch(outH, outW, C, kH, kW, sH, sW, dH, dW) <= outH * outW * kH * kW * C;
}

/** out = act(conv(x, kernel) + bias) for `batch` images; bias 0: none; act as gemmRange's codes. */
export function conv2d(
  x: usize,
  kernel: usize,
  bias: usize,
  out: usize,
  scratch: usize,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
  filters: i32,
  act: i32,
): void {
  const fits = padFits(
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
  );
  const narrow =
    filters % 8 == 0 &&
    narrowScratch(
      outHeight,
      outWidth,
      channels,
      kernelHeight,
      kernelWidth,
      strideHeight,
      strideWidth,
      dilationHeight,
      dilationWidth,
    ) <=
      outHeight * outWidth * kernelHeight * kernelWidth * channels;
  const run = narrow
    ? conv2dNarrow
    : fits && (channels > FEW_CHANNELS || filters <= DIRECT_MAX_FILTERS)
      ? conv2dDirect
      : conv2dIm2col;
  run(
    x,
    kernel,
    bias,
    out,
    scratch,
    batch,
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
    filters,
    act,
  );
}

/** conv2d by im2col + GEMM. */
export function conv2dIm2col(
  x: usize,
  kernel: usize,
  bias: usize,
  out: usize,
  scratch: usize,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
  filters: i32,
  act: i32,
): void {
  setWindow(
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
  );
  const M = outH * outW;
  const K = kH * kW * C;
  const xStep = at(inH * inW * C);
  const yStep = at(M * filters);
  for (let b = 0; b < batch; b++) {
    im2col(x + <usize>b * xStep, scratch);
    gemmRange(scratch, kernel, out + <usize>b * yStep, M, K, filters, false, false, false, bias, act, 0, filters);
  }
}

/**
 * Floats of scratch the input gradient's transposed form needs (stride 1 only): the flipped kernel [kh, kw, F, C]
 * and the patches of dy over the input's pixels [inH·inW, kh·kw·F].
 */
export function transposedScratch(inH: i32, inW: i32, C: i32, kH: i32, kW: i32, F: i32): i32 {
  return kH * kW * F * (C + inH * inW);
}

/**
 * dx = the input gradient. With stride 1, where measured to pay and where the scratch block is large enough (the host's
 * convScratchLength sizes it so), as a forward convolution of dy with the kernel flipped and transposed: a GEMM of depth kh·kw·F
 * instead of the col2im form's depth F, which leaves the tiles of a small F mostly stores.
 */
export function conv2dBackwardInput(
  dy: usize,
  kernel: usize,
  dx: usize,
  scratch: usize,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
  filters: i32,
  scratchLength: i32,
): void {
  const transposed =
    strideHeight == 1 &&
    strideWidth == 1 &&
    channels > FEW_CHANNELS &&
    filters <= TRANSPOSED_MAX_FILTERS &&
    transposedScratch(inHeight, inWidth, channels, kernelHeight, kernelWidth, filters) <= scratchLength;
  // the narrow form reads dy padded by the kernel's reach less the forward padding: that must not be negative
  const narrow =
    strideHeight == 1 &&
    strideWidth == 1 &&
    channels % 8 == 0 &&
    padTop <= (kernelHeight - 1) * dilationHeight &&
    padLeft <= (kernelWidth - 1) * dilationWidth &&
    inputNarrowScratch(
      inHeight,
      inWidth,
      channels,
      kernelHeight,
      kernelWidth,
      dilationHeight,
      dilationWidth,
      filters,
    ) <= scratchLength;
  const run = narrow
    ? conv2dBackwardInputNarrow
    : transposed
      ? conv2dBackwardInputTransposed
      : conv2dBackwardInputCol2im;
  run(
    dy,
    kernel,
    dx,
    scratch,
    batch,
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
    filters,
  );
}

/** The input gradient as a convolution of dy (stride 1 only): flipped kernel, then conv2dIm2col over dy. */
export function conv2dBackwardInputTransposed(
  dy: usize,
  kernel: usize,
  dx: usize,
  scratch: usize,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
  filters: i32,
): void {
  const kh = kernelHeight;
  const kw = kernelWidth;
  // flipped[ky, kx, f, c] = kernel[kh-1-ky, kw-1-kx, c, f]
  for (let ky = 0; ky < kh; ky++)
    for (let kx = 0; kx < kw; kx++) {
      const src = kernel + at(((kh - 1 - ky) * kw + (kw - 1 - kx)) * channels * filters);
      const dst = scratch + at((ky * kw + kx) * filters * channels);
      for (let c = 0; c < channels; c++)
        for (let f = 0; f < filters; f++) store<f32>(dst + at(f * channels + c), load<f32>(src + at(c * filters + f)));
    }
  conv2dIm2col(
    dy,
    scratch,
    0,
    dx,
    scratch + at(kh * kw * filters * channels),
    batch,
    outHeight,
    outWidth,
    filters,
    inHeight,
    inWidth,
    kh,
    kw,
    1,
    1,
    dilationHeight,
    dilationWidth,
    (kh - 1) * dilationHeight - padTop,
    (kw - 1) * dilationWidth - padLeft,
    channels,
    0,
  );
}

/** dx = the input gradient, col2im form: per image, patches' gradient dy·kernelᵀ [M, K] in scratch, added back by col2im. */
export function conv2dBackwardInputCol2im(
  dy: usize,
  kernel: usize,
  dx: usize,
  scratch: usize,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
  filters: i32,
): void {
  setWindow(
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
  );
  const M = outH * outW;
  const K = kH * kW * C;
  const xStep = at(inH * inW * C);
  const yStep = at(M * filters);
  for (let b = 0; b < batch; b++) {
    // kernel is [K, F], so B = kernelᵀ is "stored [n, k]": transB
    gemmRange(dy + <usize>b * yStep, kernel, scratch, M, filters, K, false, true, false, 0, 0, 0, K);
    col2im(scratch, dx + <usize>b * xStep);
  }
}

/**
 * dKernel = ∂(Σ dy·conv2d(x))/∂kernel, by the direct loops or im2col + GEMM as conv2d chooses; accumulate ≠ 0 adds
 * to dKernel instead (a worker thread's later batch chunks into its partial sum).
 */
export function conv2dBackwardFilter(
  x: usize,
  dy: usize,
  dKernel: usize,
  scratch: usize,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
  filters: i32,
  accumulate: i32,
): void {
  const fits = padFits(
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
  );
  const narrow =
    filters % 8 == 0 &&
    filterNarrowScratch(
      outHeight,
      outWidth,
      channels,
      kernelHeight,
      kernelWidth,
      strideHeight,
      strideWidth,
      dilationHeight,
      dilationWidth,
    ) <=
      outHeight * outWidth * kernelHeight * kernelWidth * channels;
  const run = narrow
    ? conv2dBackwardFilterNarrow
    : fits && channels <= FEW_CHANNELS && filters <= DIRECT_MAX_FILTERS
      ? conv2dBackwardFilterDirect
      : conv2dBackwardFilterIm2col;
  run(
    x,
    dy,
    dKernel,
    scratch,
    batch,
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
    filters,
    accumulate,
  );
}

/** dKernel (+)= Σ over images of patchesᵀ·dy ([K, M]·[M, F]), accumulated by the GEMM after the first image. */
export function conv2dBackwardFilterIm2col(
  x: usize,
  dy: usize,
  dKernel: usize,
  scratch: usize,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernelHeight: i32,
  kernelWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
  filters: i32,
  accumulate: i32,
): void {
  setWindow(
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
  );
  const M = outH * outW;
  const K = kH * kW * C;
  const xStep = at(inH * inW * C);
  const yStep = at(M * filters);
  if (batch <= 0 && accumulate == 0) memory.fill(dKernel, 0, at(K * filters));
  for (let b = 0; b < batch; b++) {
    im2col(x + <usize>b * xStep, scratch);
    gemmRange(
      scratch,
      dy + <usize>b * yStep,
      dKernel,
      K,
      M,
      filters,
      true,
      false,
      b > 0 || accumulate != 0,
      0,
      0,
      0,
      filters,
    );
  }
}
