import { setFloat32Allocator } from '../core/types.js';
import { jsKernels } from './js/index.js';
import type { Kernels } from './kernels.js';
import { ResidentFloat32Array, wasmRuntime, wasmKernels } from './wasm/index.js';

export interface SelectOptions {
  /** 'wasm': the WebAssembly SIMD kernels when they instantiate, else js; 'js': the TypeScript kernels. */
  prefer: 'wasm' | 'js';
  /**
   * With wasm (default true): new float32 tensors are allocated in WebAssembly memory, so kernels read and write
   * them in place. Needs a shared memory (growing it never detaches views); without one, arrays are copied per call.
   */
  resident?: boolean;
}

/**
 * Chooses the float32 kernels and where float32 tensors live; pass the result to `useKernels`. Instantiation is
 * synchronous; when WebAssembly is missing or fails (no SIMD, or an engine that limits synchronous compilation) it
 * returns the TypeScript kernels. Selecting js restores plain Float32Array storage.
 */
export function selectKernels({ prefer, resident = true }: SelectOptions): Kernels {
  if (prefer === 'wasm' && typeof WebAssembly === 'object') {
    try {
      const rt = wasmRuntime();
      const heap = resident && rt.shared ? rt.heap : null;
      setFloat32Allocator(
        heap && { allocate: (size) => heap.allocateFloat32(size), release: (data) => heap.releaseFloat32(data) },
      );
      ResidentFloat32Array.copiesTo(heap);
      return wasmKernels;
    } catch {
      // fall through to the reference kernels
    }
  }
  setFloat32Allocator(null);
  ResidentFloat32Array.copiesTo(null);
  return jsKernels;
}
