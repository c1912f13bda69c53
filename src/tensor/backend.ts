import type { DType } from '../core/types.js';
import type { Kernels } from '../kernels/kernels.js';
import { jsKernels } from '../kernels/js/index.js';

let float32Kernels: Kernels = jsKernels;

/** The kernels that run a dtype: float64 always runs on the plain-TypeScript reference kernels. */
export function kernelsFor(dtype: DType): Kernels {
  return dtype === 'float64' ? jsKernels : float32Kernels;
}

/** Chooses the float32 kernels (the WebAssembly ones, once loaded); returns the previous choice. */
export function useKernels(kernels: Kernels): Kernels {
  const previous = float32Kernels;
  float32Kernels = kernels;
  return previous;
}
