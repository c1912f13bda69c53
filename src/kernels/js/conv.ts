import type { Kernels } from '../kernels.js';
import type { ConvWindow } from '../windows.js';
import { relu, sigmoid, tanh } from './elementwise.js';

// Direct loops over the window, the definition itself: the reference the WebAssembly kernels are checked against.
// Weight index of (ky, kx, c, f) is ((ky·kw + kx)·channels + c)·filters + f, as Keras stores it.

export const conv2d: Kernels['conv2d'] = (x, kernel, bias, out, w, activation) => {
  const { filters: F, channels: C } = w;
  for (let b = 0; b < w.batch; b++) {
    for (let oy = 0; oy < w.outHeight; oy++) {
      for (let ox = 0; ox < w.outWidth; ox++) {
        const o = ((b * w.outHeight + oy) * w.outWidth + ox) * F;
        for (let f = 0; f < F; f++) out[o + f] = bias === null ? 0 : bias[f];
        forEachTap(w, b, oy, ox, (xi, wi) => {
          for (let c = 0; c < C; c++) {
            const xv = x[xi + c];
            const wr = wi + c * F;
            for (let f = 0; f < F; f++) out[o + f] += xv * kernel[wr + f];
          }
        });
      }
    }
  }
  if (activation === 'relu') relu(out, out);
  else if (activation === 'sigmoid') sigmoid(out, out);
  else if (activation === 'tanh') tanh(out, out);
};

export const conv2dBackwardInput: Kernels['conv2dBackwardInput'] = (dy, kernel, dx, w) => {
  const { filters: F, channels: C } = w;
  dx.fill(0);
  for (let b = 0; b < w.batch; b++) {
    for (let oy = 0; oy < w.outHeight; oy++) {
      for (let ox = 0; ox < w.outWidth; ox++) {
        const o = ((b * w.outHeight + oy) * w.outWidth + ox) * F;
        forEachTap(w, b, oy, ox, (xi, wi) => {
          for (let c = 0; c < C; c++) {
            const wr = wi + c * F;
            let s = 0;
            for (let f = 0; f < F; f++) s += dy[o + f] * kernel[wr + f];
            dx[xi + c] += s;
          }
        });
      }
    }
  }
};

export const conv2dBackwardFilter: Kernels['conv2dBackwardFilter'] = (x, dy, dKernel, w) => {
  const { filters: F, channels: C } = w;
  dKernel.fill(0);
  for (let b = 0; b < w.batch; b++) {
    for (let oy = 0; oy < w.outHeight; oy++) {
      for (let ox = 0; ox < w.outWidth; ox++) {
        const o = ((b * w.outHeight + oy) * w.outWidth + ox) * F;
        forEachTap(w, b, oy, ox, (xi, wi) => {
          for (let c = 0; c < C; c++) {
            const xv = x[xi + c];
            const wr = wi + c * F;
            for (let f = 0; f < F; f++) dKernel[wr + f] += xv * dy[o + f];
          }
        });
      }
    }
  }
};

/**
 * Calls `tap(xi, wi)` for each kernel position of output pixel (b, oy, ox) that lands inside the image: xi is the
 * index of that input pixel's first channel, wi of the kernel row (ky, kx, 0, 0).
 */
function forEachTap(w: ConvWindow, b: number, oy: number, ox: number, tap: (xi: number, wi: number) => void): void {
  for (let ky = 0; ky < w.kernelHeight; ky++) {
    const iy = oy * w.strideHeight - w.padTop + ky * w.dilationHeight;
    if (iy < 0 || iy >= w.inHeight) continue;
    for (let kx = 0; kx < w.kernelWidth; kx++) {
      const ix = ox * w.strideWidth - w.padLeft + kx * w.dilationWidth;
      if (ix < 0 || ix >= w.inWidth) continue;
      tap(((b * w.inHeight + iy) * w.inWidth + ix) * w.channels, (ky * w.kernelWidth + kx) * w.channels * w.filters);
    }
  }
}
