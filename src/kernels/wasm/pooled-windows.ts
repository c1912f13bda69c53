import type { FloatArray } from '../../core/types.js';
import type { ConvWindow } from '../windows.js';
import { CODES, offset, type WindowKernels } from './bind-windows.js';
import type { WasmRuntime } from './load.js';
import type { GemmPool } from './pool.js';

/** Bytes per image of [height, width, channels] float32 images. */
const imageBytes = (height: number, width: number, channels: number): number => height * width * channels * 4;

/** The window as the exports take it, after the pointers and the batch: inHeight … padLeft, filters. */
const windowArgs = (w: ConvWindow): number[] => [
  w.inHeight,
  w.inWidth,
  w.channels,
  w.outHeight,
  w.outWidth,
  w.kernelHeight,
  w.kernelWidth,
  w.strideHeight,
  w.strideWidth,
  w.dilationHeight,
  w.dilationWidth,
  w.padTop,
  w.padLeft,
  w.filters,
];

/**
 * The convolutions of `single` split over `pool`'s threads by images where every array is resident and the work
 * pays (GemmPool.images decides); otherwise, and for float64, `single` runs them.
 */
export function pooledWindows(
  runtime: () => WasmRuntime,
  pool: GemmPool,
  single: WindowKernels,
): Pick<WindowKernels, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardFilter'> {
  const work = (w: ConvWindow) =>
    w.batch * w.outHeight * w.outWidth * w.kernelHeight * w.kernelWidth * w.channels * w.filters;
  // pointers of resident float32 arrays (null: one is not), when the work is worth asking the pool about
  const resident = (w: ConvWindow, arrays: FloatArray[]): number[] | null => {
    if (work(w) < pool.minConvWork || w.batch < 2 || !(arrays[0] instanceof Float32Array)) return null;
    const rt = runtime();
    const pointers = arrays.map((a) => offset(rt, a));
    return pointers.every((p) => p >= 0) ? pointers : null;
  };
  return {
    conv2d(x, kernel, bias, out, w, activation, scratch) {
      const arrays = bias === null ? [x, kernel, out, scratch] : [x, kernel, out, scratch, bias];
      const p = resident(w, arrays);
      const job = p && {
        kernel: 'conv2d' as const,
        args: [p[0], p[1], p[4] ?? 0, p[2], p[3], w.batch, ...windowArgs(w), CODES[activation]],
        batch: w.batch,
        work: work(w),
        splits: [
          [0, imageBytes(w.inHeight, w.inWidth, w.channels)],
          [3, imageBytes(w.outHeight, w.outWidth, w.filters)],
        ] as const,
        batchArg: 5,
        scratchArg: 4,
        scratchFloats: scratch.length,
      };
      if (!job || !pool.images(job)) single.conv2d(x, kernel, bias, out, w, activation, scratch);
    },
    conv2dBackwardInput(dy, kernel, dx, w, scratch) {
      const p = resident(w, [dy, kernel, dx, scratch]);
      const job = p && {
        kernel: 'conv2dBackwardInput' as const,
        args: [p[0], p[1], p[2], p[3], w.batch, ...windowArgs(w), scratch.length],
        batch: w.batch,
        work: work(w),
        splits: [
          [0, imageBytes(w.outHeight, w.outWidth, w.filters)],
          [2, imageBytes(w.inHeight, w.inWidth, w.channels)],
        ] as const,
        batchArg: 4,
        scratchArg: 3,
        scratchFloats: scratch.length,
      };
      if (!job || !pool.images(job)) single.conv2dBackwardInput(dy, kernel, dx, w, scratch);
    },
    conv2dBackwardFilter(x, dy, dKernel, w, scratch) {
      const p = resident(w, [x, dy, dKernel, scratch]);
      const job = p && {
        kernel: 'conv2dBackwardFilter' as const,
        args: [p[0], p[1], p[2], p[3], w.batch, ...windowArgs(w), 0],
        batch: w.batch,
        work: work(w),
        splits: [
          [0, imageBytes(w.inHeight, w.inWidth, w.channels)],
          [1, imageBytes(w.outHeight, w.outWidth, w.filters)],
        ] as const,
        batchArg: 4,
        scratchArg: 3,
        scratchFloats: scratch.length,
        sum: { arg: 2, floats: dKernel.length, accumulateArg: 19 },
      };
      if (!job || !pool.images(job)) single.conv2dBackwardFilter(x, dy, dKernel, w, scratch);
    },
  };
}
