import type { FloatArray } from '../../core/types.js';
import type { EpilogueActivation, Kernels } from '../kernels.js';
import type { ConvWindow, Window2d } from '../windows.js';
import type { WasmRuntime } from './load.js';

/** The convolution and pooling kernels. */
export type WindowKernels = Pick<
  Kernels,
  | 'conv2d'
  | 'conv2dBackwardInput'
  | 'conv2dBackwardFilter'
  | 'maxPool2d'
  | 'maxPool2dBackward'
  | 'avgPool2d'
  | 'avgPool2dBackward'
>;

type View = FloatArray | Int32Array;
type Fn = (...args: number[]) => number;

/** gemmRange's activation codes. */
export const CODES: Record<EpilogueActivation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };
/** How a staged array is used: READ is copied in, WRITTEN copied back; scratch is neither. */
const READ = 1;
const WRITTEN = 2;
const SCRATCH = 0;

const align = (bytes: number): number => (bytes + 15) & ~15;
export const offset = (rt: WasmRuntime, a: View | null): number =>
  a === null ? 0 : rt.heap.offset(a as unknown as Float32Array);

/**
 * Runs `call` with a pointer for each array: its own where it lives in WebAssembly memory (a null one is 0), else a
 * place in the heap's scratch block that the READ ones are copied into and the WRITTEN ones copied back from. Int32
 * arrays (argmax) stage like the float ones.
 */
function staged(rt: WasmRuntime, arrays: (View | null)[], roles: number[], call: (pointers: number[]) => void): void {
  const heap = rt.heap;
  const pointers = arrays.map((a) => offset(rt, a));
  const at: number[] = [];
  let bytes = 0;
  arrays.forEach((a, i) => {
    if (a === null || pointers[i] >= 0) return;
    at[i] = bytes;
    bytes += align(a.length * 4);
  });
  const base = heap.scratch(bytes);
  const typed = (a: View, i: number) =>
    a instanceof Int32Array
      ? new Int32Array(heap.view().buffer, pointers[i], a.length)
      : new Float32Array(heap.view().buffer, pointers[i], a.length);
  arrays.forEach((a, i) => {
    if (a === null || at[i] === undefined) return;
    pointers[i] = base + at[i];
    if (roles[i] & READ) typed(a, i).set(a);
  });
  call(pointers);
  arrays.forEach((a, i) => {
    if (a !== null && at[i] !== undefined && roles[i] & WRITTEN) a.set(typed(a, i));
  });
}

/** One export, looked up on first use. */
function lazy(runtime: () => WasmRuntime, name: string): () => Fn {
  let fn: Fn | undefined;
  return () => (fn ??= runtime().exports[name] as Fn);
}

/**
 * The convolution and pooling kernels over their WebAssembly exports, with the window unpacked into integers.
 * Resident arrays go by pointer in one call with a fixed arity; any other float32 array is staged through scratch;
 * float64 runs on `host` (the TypeScript kernels).
 */
export function windowKernels(runtime: () => WasmRuntime, host: WindowKernels): WindowKernels {
  const conv = lazy(runtime, 'conv2d');
  const convInput = lazy(runtime, 'conv2dBackwardInput');
  const convFilter = lazy(runtime, 'conv2dBackwardFilter');
  const maxPool = lazy(runtime, 'maxPool2d');
  const maxPoolBackward = lazy(runtime, 'maxPool2dBackward');
  const avgPool = lazy(runtime, 'avgPool2d');
  const avgPoolBackward = lazy(runtime, 'avgPool2dBackward');

  // fn(pointers…, batch, inHeight, …, padLeft[, filters][, act]) for a window
  const withConv = (fn: Fn, a: number, b: number, c: number, d: number, e: number, w: ConvWindow, act: number) =>
    fn(
      a,
      b,
      c,
      d,
      e,
      w.batch,
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
      act,
    );
  // the gradients have four pointers: the first four, then scratch, then the window
  const convGradient = (fn: Fn, a: number, b: number, c: number, s: number, w: ConvWindow, scratchLength = 0) =>
    fn(
      a,
      b,
      c,
      s,
      w.batch,
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
      scratchLength,
    );
  const pool = (fn: Fn, a: number, b: number, c: number, w: Window2d, three: boolean) =>
    three
      ? fn(
          a,
          b,
          c,
          w.batch,
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
        )
      : fn(
          a,
          b,
          w.batch,
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
        );

  return {
    conv2d(x, kernel, bias, out, w, activation, scratch) {
      if (!(x instanceof Float32Array)) return host.conv2d(x, kernel, bias, out, w, activation, scratch);
      const rt = runtime();
      const px = offset(rt, x);
      const pk = offset(rt, kernel);
      const pb = offset(rt, bias);
      const po = offset(rt, out);
      const ps = offset(rt, scratch);
      if (px >= 0 && pk >= 0 && pb >= 0 && po >= 0 && ps >= 0) {
        withConv(conv(), px, pk, pb, po, ps, w, CODES[activation]);
        return;
      }
      staged(rt, [x, kernel, bias, out, scratch], [READ, READ, READ, WRITTEN, SCRATCH], (p) =>
        withConv(conv(), p[0], p[1], p[2], p[3], p[4], w, CODES[activation]),
      );
    },
    conv2dBackwardInput(dy, kernel, dx, w, scratch) {
      if (!(dy instanceof Float32Array)) return host.conv2dBackwardInput(dy, kernel, dx, w, scratch);
      const rt = runtime();
      const pd = offset(rt, dy);
      const pk = offset(rt, kernel);
      const px = offset(rt, dx);
      const ps = offset(rt, scratch);
      if (pd >= 0 && pk >= 0 && px >= 0 && ps >= 0) {
        convGradient(convInput(), pd, pk, px, ps, w, scratch.length);
        return;
      }
      staged(rt, [dy, kernel, dx, scratch], [READ, READ, WRITTEN, SCRATCH], (p) =>
        convGradient(convInput(), p[0], p[1], p[2], p[3], w, scratch.length),
      );
    },
    conv2dBackwardFilter(x, dy, dKernel, w, scratch) {
      if (!(x instanceof Float32Array)) return host.conv2dBackwardFilter(x, dy, dKernel, w, scratch);
      const rt = runtime();
      const px = offset(rt, x);
      const pd = offset(rt, dy);
      const pk = offset(rt, dKernel);
      const ps = offset(rt, scratch);
      if (px >= 0 && pd >= 0 && pk >= 0 && ps >= 0) {
        convGradient(convFilter(), px, pd, pk, ps, w);
        return;
      }
      staged(rt, [x, dy, dKernel, scratch], [READ, READ, WRITTEN, SCRATCH], (p) =>
        convGradient(convFilter(), p[0], p[1], p[2], p[3], w),
      );
    },
    maxPool2d(x, out, argmax, w) {
      if (!(x instanceof Float32Array)) return host.maxPool2d(x, out, argmax, w);
      const rt = runtime();
      const px = offset(rt, x);
      const po = offset(rt, out);
      const pa = offset(rt, argmax);
      if (px >= 0 && po >= 0 && pa >= 0) {
        pool(maxPool(), px, po, pa, w, true);
        return;
      }
      staged(rt, [x, out, argmax], [READ, WRITTEN, WRITTEN], (p) => pool(maxPool(), p[0], p[1], p[2], w, true));
    },
    maxPool2dBackward(dy, argmax, dx) {
      if (!(dy instanceof Float32Array)) return host.maxPool2dBackward(dy, argmax, dx);
      const rt = runtime();
      const pd = offset(rt, dy);
      const pa = offset(rt, argmax);
      const px = offset(rt, dx);
      if (pd >= 0 && pa >= 0 && px >= 0) {
        maxPoolBackward()(pd, pa, px, dy.length, dx.length);
        return;
      }
      staged(rt, [dy, argmax, dx], [READ, READ, WRITTEN], (p) =>
        maxPoolBackward()(p[0], p[1], p[2], dy.length, dx.length),
      );
    },
    avgPool2d(x, out, w) {
      if (!(x instanceof Float32Array)) return host.avgPool2d(x, out, w);
      const rt = runtime();
      const px = offset(rt, x);
      const po = offset(rt, out);
      if (px >= 0 && po >= 0) {
        pool(avgPool(), px, po, 0, w, false);
        return;
      }
      staged(rt, [x, out], [READ, WRITTEN], (p) => pool(avgPool(), p[0], p[1], 0, w, false));
    },
    avgPool2dBackward(dy, dx, w) {
      if (!(dy instanceof Float32Array)) return host.avgPool2dBackward(dy, dx, w);
      const rt = runtime();
      const pd = offset(rt, dy);
      const px = offset(rt, dx);
      if (pd >= 0 && px >= 0) {
        pool(avgPoolBackward(), pd, px, 0, w, false);
        return;
      }
      staged(rt, [dy, dx], [READ, WRITTEN], (p) => pool(avgPoolBackward(), p[0], p[1], 0, w, false));
    },
  };
}
