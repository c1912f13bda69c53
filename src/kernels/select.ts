import { ConfigError } from '../core/errors.js';
import { unknownOption } from '../core/suggest.js';
import { setFloat32Allocator, type WorkingMemory } from '../core/types.js';
import { jsKernels } from './js/index.js';
import type { Kernels } from './kernels.js';
import { createWasmKernels, wasmRuntime, wasmKernels, type WasmRuntime } from './wasm/index.js';
import { stopThreads, threadedKernels } from './wasm/pool.js';
import { workingMemoryOf } from './wasm/working-memory.js';

export interface SelectOptions {
  /** 'wasm': the WebAssembly SIMD kernels when they instantiate, else js; 'js': the TypeScript kernels. */
  prefer: 'wasm' | 'js';
  /**
   * With wasm (default true): while a model call (fit, predict, evaluate) runs, the model's weights, gradients,
   * optimizer state and batch buffers are placed in WebAssembly memory, so kernels read and write them in place;
   * the call hands them back to ordinary memory when it returns. Needs a shared memory (growing it never detaches
   * views); without one, or with false, arrays are copied in and out per kernel call.
   */
  resident?: boolean;
  /**
   * With wasm and resident placement (default 1): threads for large matrix products (worker threads sharing the
   * WebAssembly memory; small products stay on the calling thread). Needs a shared memory and a worker API, else
   * it runs on one thread. Selecting again without threads terminates the workers.
   */
  threads?: number;
}

const MAX_THREADS = 16;

const memories = new WeakMap<Kernels, WorkingMemory>();

/** The working memory that `useKernels` installs with these kernels (null: kernels read arrays where they are). */
export function workingMemoryFor(kernels: Kernels): WorkingMemory | null {
  return memories.get(kernels) ?? null;
}

let unshared: Kernels | undefined;

/**
 * What `selectKernels({ prefer: 'wasm' })` chooses, without its side effect of stopping a running thread pool:
 * `useKernels` reports it as the previous choice when there was none, so that choosing threads first thing works.
 */
export function defaultKernels(): Kernels {
  if (typeof WebAssembly === 'object') {
    try {
      const rt = wasmRuntime();
      if (!rt.shared) return (unshared ??= { ...wasmKernels });
      memories.set(wasmKernels, workingMemoryOf(rt.heap));
      return wasmKernels;
    } catch {
      // the reference kernels
    }
  }
  return jsKernels;
}

/** Kernels over a runtime of one's own (tests: a memory with a small maximum) that place a call's arrays in it. */
export function placingKernels(rt: WasmRuntime): Kernels {
  const kernels = createWasmKernels(() => rt);
  memories.set(kernels, workingMemoryOf(rt.heap));
  return kernels;
}

/**
 * Chooses the float32 kernels; pass the result to `useKernels`. Without a choice, strata uses
 * `selectKernels({ prefer: 'wasm' })`. Instantiation is synchronous; when WebAssembly is missing or fails (no SIMD,
 * or an engine that limits synchronous compilation) it returns the TypeScript kernels.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const previous = st.useKernels(st.selectKernels({ prefer: 'js' }));
 * console.log(st.getBackend().name); // 'js'
 * st.useKernels(previous);
 * ```
 */
export function selectKernels(options: SelectOptions): Kernels {
  const where = 'selectKernels()';
  if (typeof options !== 'object' || options === null)
    throw new ConfigError({
      where,
      expected: "an options object such as { prefer: 'wasm' }",
      received: options === null ? 'null' : typeof options,
      hint: "Pass { prefer: 'wasm' } or { prefer: 'js' }.",
    });
  const unknown = unknownOption(options, ['prefer', 'resident', 'threads']);
  if (unknown) throw new ConfigError({ where, ...unknown });
  const { prefer, resident = true, threads = 1 } = options;
  if (prefer !== 'wasm' && prefer !== 'js')
    throw new ConfigError({
      where,
      expected: "prefer 'wasm' or 'js'",
      received: typeof prefer === 'string' ? `'${prefer}'` : String(prefer),
      hint: "strata runs on the CPU: 'wasm' for the WebAssembly SIMD kernels, 'js' for the TypeScript ones.",
    });
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
      const placed = resident && rt.shared;
      // tensors are ordinary memory: working memory holds a model's arrays only while a call runs
      setFloat32Allocator(null);
      const kernels = threadedKernels(wasmKernels, rt, placed ? threads : 1);
      if (!placed) return { ...kernels }; // its own object, so workingMemoryFor tells it from the placed one
      memories.set(kernels, workingMemoryOf(rt.heap));
      return kernels;
    } catch {
      // fall through to the reference kernels
    }
  }
  void stopThreads();
  setFloat32Allocator(null);
  return jsKernels;
}
