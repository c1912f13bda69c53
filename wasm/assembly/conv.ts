// Convolution over channels-last images, one image at a time: its patches are laid out as rows (im2col) in the
// caller's scratch block, and the tiled GEMM does the arithmetic. Kernel [kh, kw, C, F] is already the [K, F]
// matrix the patches multiply (K = kh·kw·C), so no weight is ever repacked by hand.
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

/** dx = the input gradient: per image, patches' gradient dy·kernelᵀ [M, K] in scratch, added back by col2im. */
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

/** dKernel = Σ over images of patchesᵀ·dy ([K, M]·[M, F]), accumulated by the GEMM after the first image. */
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
  if (batch <= 0) memory.fill(dKernel, 0, at(K * filters));
  for (let b = 0; b < batch; b++) {
    im2col(x + <usize>b * xStep, scratch);
    gemmRange(scratch, dy + <usize>b * yStep, dKernel, K, M, filters, true, false, b > 0, 0, 0, 0, filters);
  }
}
