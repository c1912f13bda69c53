import type { EpilogueActivation, Kernels } from '../kernels.js';
import { denseBackwardWith, type DenseBackwardParts } from '../js/dense-backward.js';
import { matmulBiasActivationWith, type DenseParts } from '../js/matmul-bias-activation.js';
import type { WasmRuntime } from './load.js';
import type { GemmPool } from './pool.js';

/** gemmRange's activation codes. */
const CODES: Record<EpilogueActivation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

/**
 * matmulBiasActivation over gemmRange's epilogue when every array is resident; otherwise the three steps through the
 * bound kernels `parts` (which stage foreign arrays, and send float64 to the TypeScript kernels).
 */
export function denseForward(runtime: () => WasmRuntime, parts: DenseParts): Kernels['matmulBiasActivation'] {
  let fn: ((...args: (number | boolean)[]) => number) | undefined;
  return (x, w, bias, out, m, k, n, activation) => {
    const heap = runtime().heap;
    const px = heap.offset(x);
    const pw = heap.offset(w);
    const po = heap.offset(out);
    const pb = bias === null ? 0 : heap.offset(bias);
    if (px < 0 || pw < 0 || po < 0 || pb < 0)
      return matmulBiasActivationWith(parts, x, w, bias, out, m, k, n, activation);
    fn ??= runtime().exports.gemmRange;
    fn(px, pw, po, m, k, n, false, false, false, pb, CODES[activation], 0, n);
  };
}

/** matmulBiasActivation split over the pool's threads when large and resident, else `single`. */
export function pooledDense(
  runtime: () => WasmRuntime,
  pool: GemmPool,
  single: Kernels['matmulBiasActivation'],
): Kernels['matmulBiasActivation'] {
  return (x, w, bias, out, m, k, n, activation) => {
    if (m * k * n >= pool.minWork) {
      const heap = runtime().heap;
      const [px, pw, po] = [heap.offset(x), heap.offset(w), heap.offset(out)];
      const pb = bias === null ? 0 : heap.offset(bias);
      const resident = px >= 0 && pw >= 0 && po >= 0 && pb >= 0;
      if (resident && pool.gemm(px, pw, po, m, k, n, false, false, false, pb, CODES[activation])) return;
    }
    single(x, w, bias, out, m, k, n, activation);
  };
}

/**
 * denseBackward as one WebAssembly call when every array is resident (a small layer's step is mostly glue: this saves
 * up to three crossings per layer); otherwise the steps through the bound kernels `parts`.
 */
export function denseBackward(runtime: () => WasmRuntime, parts: DenseBackwardParts): Kernels['denseBackward'] {
  let fn: ((...args: (number | boolean)[]) => number) | undefined;
  return (x, a, dy, dz, w, dW, db, dx, m, k, n, activation) => {
    const heap = runtime().heap;
    const act = CODES[activation];
    const px = heap.offset(x);
    const pdy = heap.offset(dy);
    const pw = heap.offset(w);
    const pdW = heap.offset(dW);
    const pa = act === 0 ? 0 : heap.offset(a);
    const pdz = act === 0 ? 0 : heap.offset(dz);
    const pdb = db === null ? 0 : heap.offset(db);
    const pdx = dx === null ? 0 : heap.offset(dx);
    if (px < 0 || pdy < 0 || pw < 0 || pdW < 0 || pa < 0 || pdz < 0 || pdb < 0 || pdx < 0)
      return denseBackwardWith(parts, x, a, dy, dz, w, dW, db, dx, m, k, n, activation);
    fn ??= runtime().exports.denseBackward;
    fn(px, pa, pdy, pdz, pw, pdW, pdb, pdx, m, k, n, act);
  };
}

/** denseBackward with products worth threads (at least `pool.minWork` multiply-adds) split by the pooled `parts`. */
export function pooledDenseBackward(
  pool: GemmPool,
  parts: DenseBackwardParts,
  single: Kernels['denseBackward'],
): Kernels['denseBackward'] {
  return (x, a, dy, dz, w, dW, db, dx, m, k, n, activation) =>
    m * k * n >= pool.minWork
      ? denseBackwardWith(parts, x, a, dy, dz, w, dW, db, dx, m, k, n, activation)
      : single(x, a, dy, dz, w, dW, db, dx, m, k, n, activation);
}
