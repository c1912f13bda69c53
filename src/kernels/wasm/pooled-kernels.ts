import type { Kernels } from '../kernels.js';
import { pooledGemm } from './bind.js';
import { pooledDense, pooledDenseBackward } from './bind-dense.js';
import type { WasmRuntime } from './load.js';
import type { GemmPool } from './pool.js';
import { pooledWindows } from './pooled-windows.js';

/** `base` with the kernels worth threads (products, dense layers, convolutions) split over `pool` when large. */
export function pooledKernels(rt: WasmRuntime, pool: GemmPool, base: Kernels): Kernels {
  const matmul = pooledGemm(() => rt, pool, base.matmul);
  return {
    ...base,
    matmul,
    matmulBiasActivation: pooledDense(() => rt, pool, base.matmulBiasActivation),
    denseBackward: pooledDenseBackward(pool, { ...base, matmul }, base.denseBackward),
    ...pooledWindows(() => rt, pool, base),
  };
}
