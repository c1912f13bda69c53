import type { FloatArray } from '../../core/types.js';
import type { Kernels } from '../kernels.js';
import type { WasmRuntime } from './load.js';

type Fn = (...args: (number | boolean)[]) => number;
type LossSum = Kernels['binaryCrossentropy'];

/** The pointer of an optional array: 0 for null (the module's "none"), −1 when it lives outside the memory. */
function optional(runtime: () => WasmRuntime, a: FloatArray | null): number {
  return a === null ? 0 : runtime().heap.offset(a);
}

/** A loss sum over resident float32 arrays in one call; anything else runs on the TypeScript kernel `host`. */
export function lossSum(runtime: () => WasmRuntime, name: string, host: LossSum): LossSum {
  let fn: Fn | undefined;
  return (p, y, weights, rows, cols) => {
    const heap = runtime().heap;
    const pp = heap.offset(p);
    const py = heap.offset(y);
    const pw = optional(runtime, weights);
    if (pp < 0 || py < 0 || pw < 0) return host(p, y, weights, rows, cols);
    fn ??= runtime().exports[name];
    return fn(pp, py, pw, rows, cols);
  };
}

export function outputGradient(runtime: () => WasmRuntime, host: Kernels['outputGradient']): Kernels['outputGradient'] {
  let fn: Fn | undefined;
  return (a, y, weights, dz, rows, cols, scale) => {
    const heap = runtime().heap;
    const pa = heap.offset(a);
    const py = heap.offset(y);
    const pd = heap.offset(dz);
    const pw = optional(runtime, weights);
    if (pa < 0 || py < 0 || pd < 0 || pw < 0) return host(a, y, weights, dz, rows, cols, scale);
    fn ??= runtime().exports.outputGradient;
    fn(pa, py, pw, pd, rows, cols, scale);
  };
}
