// Max and average pooling over channels-last images: four channels per vector, the window's taps in registers.
// Geometry arrives as integers (the host unpacks its Window2d); the taps inside the image form a rectangle
// [ky0, ky1) × [kx0, kx1), so no tap is tested twice.
import { at } from './simd';

let inH: i32 = 0;
let inW: i32 = 0;
let C: i32 = 0;
let kH: i32 = 0;
let kW: i32 = 0;
let sH: i32 = 0;
let sW: i32 = 0;
let dH: i32 = 0;
let dW: i32 = 0;
let padT: i32 = 0;
let padL: i32 = 0;
// the current output pixel's taps inside the image, set by taps()
let ky0: i32 = 0;
let ky1: i32 = 0;
let kx0: i32 = 0;
let kx1: i32 = 0;

function setWindow(
  inHeight: i32,
  inWidth: i32,
  channels: i32,
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
  kH = kernelHeight;
  kW = kernelWidth;
  sH = strideHeight;
  sW = strideWidth;
  dH = dilationHeight;
  dW = dilationWidth;
  padT = padTop;
  padL = padLeft;
}

/** The first tap k with start + k·d ≥ 0, and the end of those with start + k·d < size (at most n). */
function first(start: i32, d: i32): i32 {
  return start >= 0 ? 0 : (-start + d - 1) / d;
}
function end(start: i32, d: i32, size: i32, n: i32): i32 {
  if (start >= size) return 0;
  return min(n, (size - 1 - start) / d + 1);
}

/** Sets [ky0, ky1) × [kx0, kx1) for output pixel (oy, ox); returns how many taps are inside the image. */
function taps(oy: i32, ox: i32): i32 {
  const y = oy * sH - padT;
  const x = ox * sW - padL;
  ky0 = first(y, dH);
  ky1 = end(y, dH, inH, kH);
  kx0 = first(x, dW);
  kx1 = end(x, dW, inW, kW);
  return max(0, ky1 - ky0) * max(0, kx1 - kx0);
}

/** Element index (into the whole batch) of channel 0 of image b's pixel under the first tap (ky0, kx0) of (oy, ox). */
function corner(b: i32, oy: i32, ox: i32): i32 {
  const iy = oy * sH - padT + ky0 * dH;
  const ix = ox * sW - padL + kx0 * dW;
  return ((b * inH + iy) * inW + ix) * C;
}

/** out = the window maximum per channel (NaN wins, the first on ties); argmax = its index into x. */
export function maxPool2d(
  x: usize,
  out: usize,
  argmax: usize,
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
): void {
  setWindow(
    inHeight,
    inWidth,
    channels,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
  );
  const rowStep = dilationHeight * inWidth * channels;
  const colStep = dilationWidth * channels;
  const lanes = i32x4(0, 1, 2, 3);
  // no padding and every window inside the image: the whole window, found without taps()'s four divisions (which
  // took more time than the comparisons at 8 or 16 channels)
  const inside =
    padTop <= 0 &&
    padLeft <= 0 &&
    (outHeight - 1) * strideHeight - padTop + (kernelHeight - 1) * dilationHeight < inHeight &&
    (outWidth - 1) * strideWidth - padLeft + (kernelWidth - 1) * dilationWidth < inWidth;
  if (inside && channels % 4 == 0) {
    maxPoolInside(x, out, argmax, batch, outHeight, outWidth, rowStep, colStep, strideHeight, strideWidth);
    return;
  }
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        let base: i32;
        let rows = kernelHeight;
        let cols = kernelWidth;
        if (inside) {
          base = ((b * inHeight + oy * strideHeight - padTop) * inWidth + ox * strideWidth - padLeft) * channels;
        } else {
          taps(oy, ox);
          base = corner(b, oy, ox);
          rows = ky1 - ky0;
          cols = kx1 - kx0;
        }
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          let best = f32x4.splat(-Infinity);
          let index = i32x4.splat(-1);
          let row = base + c;
          for (let ky = 0; ky < rows; ky++, row += rowStep) {
            let i = row;
            for (let kx = 0; kx < cols; kx++, i += colStep) {
              const v = v128.load(x + at(i));
              // v > best, or best is unset, or v is NaN and best is not (so NaN propagates)
              const take = v128.or(
                v128.or(f32x4.gt(v, best), i32x4.lt_s(index, i32x4.splat(0))),
                v128.and(f32x4.ne(v, v), f32x4.eq(best, best)),
              );
              best = v128.bitselect(v, best, take);
              index = v128.bitselect(i32x4.add(i32x4.splat(i), lanes), index, take);
            }
          }
          v128.store(out + at(o + c), best);
          v128.store(argmax + at(o + c), index);
        }
        for (; c < C; c++) {
          let best: f32 = -Infinity;
          let index = -1;
          let row = base + c;
          for (let ky = 0; ky < rows; ky++, row += rowStep) {
            let i = row;
            for (let kx = 0; kx < cols; kx++, i += colStep) {
              const v = load<f32>(x + at(i));
              if (v > best || index < 0 || (v != v && best == best)) {
                best = v;
                index = i;
              }
            }
          }
          store<f32>(out + at(o + c), best);
          store<i32>(argmax + at(o + c), index);
        }
        o += C;
      }
    }
  }
}

/**
 * maxPool2d where every window is inside the image (no padding reached) and C is a multiple of 4: each vector's
 * maximum starts at the window's first tap, so the "unset" test drops out (a first tap that is NaN stays, as
 * NaN wins). Against the general loop (fastest of 21 samples, load 3): pool 2 on 28×28×8 1.13×, pool 3 on
 * 14×14×16 1.25×.
 */
function maxPoolInside(
  x: usize,
  out: usize,
  argmax: usize,
  batch: i32,
  outH: i32,
  outW: i32,
  rowStep: i32,
  colStep: i32,
  sH: i32,
  sW: i32,
): void {
  const lanes = i32x4(0, 1, 2, 3);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const base = ((b * inH + oy * sH - padT) * inW + ox * sW - padL) * C;
        for (let c = 0; c < C; c += 4) {
          const first = base + c;
          let best = v128.load(x + at(first));
          let index = i32x4.add(i32x4.splat(first), lanes);
          let row = first;
          for (let ky = 0; ky < kH; ky++, row += rowStep) {
            let i = row;
            for (let kx = 0; kx < kW; kx++, i += colStep) {
              const v = v128.load(x + at(i));
              // v > best, or v is NaN and best is not (the first tap compares with itself: never taken)
              const take = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
              best = v128.bitselect(v, best, take);
              index = v128.bitselect(i32x4.add(i32x4.splat(i), lanes), index, take);
            }
          }
          v128.store(out + at(o + c), best);
          v128.store(argmax + at(o + c), index);
        }
        o += C;
      }
    }
  }
}

/**
 * dx (n floats) = 0, then dx[argmax[i]] += dy[i] for the m outputs. An index of -1 (a window wholly in the padding,
 * which TensorFlow's padding rules never make) is skipped: here it would write before dx, not into nothing.
 */
export function maxPool2dBackward(dy: usize, argmax: usize, dx: usize, m: i32, n: i32): void {
  memory.fill(dx, 0, at(n));
  for (let i = 0; i < m; i++) {
    const j = load<i32>(argmax + at(i));
    if (j < 0) continue;
    const p = dx + at(j);
    store<f32>(p, load<f32>(p) + load<f32>(dy + at(i)));
  }
}

/** out = the mean of the window's pixels inside the image (padding not counted). */
export function avgPool2d(
  x: usize,
  out: usize,
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
): void {
  setWindow(
    inHeight,
    inWidth,
    channels,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
  );
  const rowStep = dilationHeight * inWidth * channels;
  const colStep = dilationWidth * channels;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const count = <f32>taps(oy, ox);
        const n = f32x4.splat(count);
        const base = corner(b, oy, ox);
        const rows = ky1 - ky0;
        const cols = kx1 - kx0;
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          let sum = f32x4.splat(0);
          let row = base + c;
          for (let ky = 0; ky < rows; ky++, row += rowStep)
            for (let kx = 0, i = row; kx < cols; kx++, i += colStep) sum = f32x4.add(sum, v128.load(x + at(i)));
          v128.store(out + at(o + c), f32x4.div(sum, n));
        }
        for (; c < C; c++) {
          let sum: f32 = 0;
          let row = base + c;
          for (let ky = 0; ky < rows; ky++, row += rowStep)
            for (let kx = 0, i = row; kx < cols; kx++, i += colStep) sum += load<f32>(x + at(i));
          store<f32>(out + at(o + c), sum / count);
        }
        o += C;
      }
    }
  }
}

/** dx = avgPool2d's gradient: each output's dy / count added to the pixels of its window (dx zeroed first). */
export function avgPool2dBackward(
  dy: usize,
  dx: usize,
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
): void {
  setWindow(
    inHeight,
    inWidth,
    channels,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padLeft,
  );
  const rowStep = dilationHeight * inWidth * channels;
  const colStep = dilationWidth * channels;
  memory.fill(dx, 0, at(batch * inH * inW * C));
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const count = <f32>taps(oy, ox);
        const n = f32x4.splat(count);
        const base = corner(b, oy, ox);
        const rows = ky1 - ky0;
        const cols = kx1 - kx0;
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const g = f32x4.div(v128.load(dy + at(o + c)), n);
          let row = base + c;
          for (let ky = 0; ky < rows; ky++, row += rowStep)
            for (let kx = 0, i = row; kx < cols; kx++, i += colStep) {
              const p = dx + at(i);
              v128.store(p, f32x4.add(v128.load(p), g));
            }
        }
        for (; c < C; c++) {
          const g = load<f32>(dy + at(o + c)) / count;
          let row = base + c;
          for (let ky = 0; ky < rows; ky++, row += rowStep)
            for (let kx = 0, i = row; kx < cols; kx++, i += colStep) {
              const p = dx + at(i);
              store<f32>(p, load<f32>(p) + g);
            }
        }
        o += C;
      }
    }
  }
}
