import { ConfigError } from '../core/errors.js';
import { setFloat32Allocator } from '../core/types.js';
import { jsKernels } from './js/index.js';
import type { Kernels } from './kernels.js';
import { ResidentFloat32Array, wasmRuntime, wasmKernels } from './wasm/index.js';
import { stopThreads, threadedKernels } from './wasm/pool.js';

export interface SelectOptions {
  /** 'wasm': the WebAssembly SIMD kernels when they instantiate, else js; 'js': the TypeScript kernels. */
  prefer: 'wasm' | 'js';
  /**
   * With wasm (default true): new float32 tensors are allocated in WebAssembly memory, so kernels read and write
   * them in place. Needs a shared memory (growing it never detaches views); without one, arrays are copied per call.
   */
  resident?: boolean;
  /**
   * With wasm and resident tensors (default 1): threads for large matrix products (worker threads sharing the
   * WebAssembly memory; small products stay on the calling thread). Needs a shared memory and a worker API, else
   * it runs on one thread. Selecting again without threads terminates the workers.
   */
  threads?: number;
}

const MAX_THREADS = 16;

/**
 * Chooses the float32 kernels and where float32 tensors live; pass the result to `useKernels`. Instantiation is
 * synchronous; when WebAssembly is missing or fails (no SIMD, or an engine that limits synchronous compilation) it
 * returns the TypeScript kernels. Selecting js restores plain Float32Array storage.
 */
export function selectKernels({ prefer, resident = true, threads = 1 }: SelectOptions): Kernels {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)
    throw new ConfigError({
      where: 'selectKernels()',
      expected: `threads to be an integer from 1 to ${MAX_THREADS}`,
      received: String(threads),
      hint: 'Use 1 (the default) or the number of cores, e.g. navigator.hardwareConcurrency.',
    });
  if (prefer === 'wasm' && typeof WebAssembly === 'object') {
    try {
      const rt = wasmRuntime();
      const heap = resident && rt.shared ? rt.heap : null;
      setFloat32Allocator(
        heap && { allocate: (size) => heap.allocateFloat32(size), release: (data) => heap.releaseFloat32(data) },
      );
      ResidentFloat32Array.copiesTo(heap);
      return threadedKernels(wasmKernels, rt, heap ? threads : 1);
    } catch {
      // fall through to the reference kernels
    }
  }
  void stopThreads();
  setFloat32Allocator(null);
  ResidentFloat32Array.copiesTo(null);
  return jsKernels;
}
