import type { Kernels } from '../kernels.js';
import type { Window2d } from '../windows.js';

// Pooling windows over channels-last images; the reference for every other backend.

export const maxPool2d: Kernels['maxPool2d'] = (x, out, argmax, w) => {
  const C = w.channels;
  for (let b = 0; b < w.batch; b++) {
    for (let oy = 0; oy < w.outHeight; oy++) {
      for (let ox = 0; ox < w.outWidth; ox++) {
        const o = ((b * w.outHeight + oy) * w.outWidth + ox) * C;
        for (let c = 0; c < C; c++) {
          out[o + c] = -Infinity;
          argmax[o + c] = -1;
        }
        forEachPixel(w, b, oy, ox, (xi) => {
          for (let c = 0; c < C; c++) {
            // NaN wins so that it propagates, as it would through Math.max
            const v = x[xi + c];
            if (v > out[o + c] || argmax[o + c] < 0 || (v !== v && out[o + c] === out[o + c])) {
              out[o + c] = v;
              argmax[o + c] = xi + c;
            }
          }
        });
      }
    }
  }
};

export const maxPool2dBackward: Kernels['maxPool2dBackward'] = (dy, argmax, dx) => {
  dx.fill(0);
  for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i];
};

export const avgPool2d: Kernels['avgPool2d'] = (x, out, w) => {
  const C = w.channels;
  for (let b = 0; b < w.batch; b++) {
    for (let oy = 0; oy < w.outHeight; oy++) {
      for (let ox = 0; ox < w.outWidth; ox++) {
        const o = ((b * w.outHeight + oy) * w.outWidth + ox) * C;
        for (let c = 0; c < C; c++) out[o + c] = 0;
        const count = forEachPixel(w, b, oy, ox, (xi) => {
          for (let c = 0; c < C; c++) out[o + c] += x[xi + c];
        });
        for (let c = 0; c < C; c++) out[o + c] /= count;
      }
    }
  }
};

export const avgPool2dBackward: Kernels['avgPool2dBackward'] = (dy, dx, w) => {
  const C = w.channels;
  dx.fill(0);
  for (let b = 0; b < w.batch; b++) {
    for (let oy = 0; oy < w.outHeight; oy++) {
      for (let ox = 0; ox < w.outWidth; ox++) {
        const o = ((b * w.outHeight + oy) * w.outWidth + ox) * C;
        const count = forEachPixel(w, b, oy, ox, () => {});
        forEachPixel(w, b, oy, ox, (xi) => {
          for (let c = 0; c < C; c++) dx[xi + c] += dy[o + c] / count;
        });
      }
    }
  }
};

/** Calls `pixel(xi)` for each window position of output (b, oy, ox) inside the image; returns how many there were. */
function forEachPixel(w: Window2d, b: number, oy: number, ox: number, pixel: (xi: number) => void): number {
  let count = 0;
  for (let ky = 0; ky < w.kernelHeight; ky++) {
    const iy = oy * w.strideHeight - w.padTop + ky * w.dilationHeight;
    if (iy < 0 || iy >= w.inHeight) continue;
    for (let kx = 0; kx < w.kernelWidth; kx++) {
      const ix = ox * w.strideWidth - w.padLeft + kx * w.dilationWidth;
      if (ix < 0 || ix >= w.inWidth) continue;
      pixel(((b * w.inHeight + iy) * w.inWidth + ix) * w.channels);
      count++;
    }
  }
  return count;
}
