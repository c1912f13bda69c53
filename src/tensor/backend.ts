import { ConfigError } from '../core/errors.js';
import type { DType, Placeable, WorkingMemory } from '../core/types.js';
import type { Kernels } from '../kernels/kernels.js';
import { jsKernels } from '../kernels/js/index.js';
import { defaultKernels, selectKernels, workingMemoryFor } from '../kernels/select.js';
import { ResidentFloat32Array, wasmRuntime } from '../kernels/wasm/index.js';
import { Tensor } from './tensor.js';

let float32Kernels: Kernels | null = null;
let float32Memory: WorkingMemory | null = null;

/** The default, chosen on first use (instantiating takes 3–18 ms once): WebAssembly SIMD where it loads, else js. */
function chosen(): Kernels {
  if (float32Kernels === null) {
    float32Kernels = selectKernels({ prefer: 'wasm' });
    float32Memory = workingMemoryFor(float32Kernels);
  }
  return float32Kernels;
}

/** The kernels that run a dtype: float64 always runs on the plain-TypeScript reference kernels. */
export function kernelsFor(dtype: DType): Kernels {
  return dtype === 'float64' ? jsKernels : (float32Kernels ?? chosen());
}

/**
 * Chooses the float32 kernels (see `selectKernels`; by default the WebAssembly ones where they instantiate);
 * returns the previous choice.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const previous = st.useKernels(st.jsKernels);
 * console.log(st.getBackend().name); // 'js'
 * st.useKernels(previous);
 * ```
 */
export function useKernels(kernels: Kernels): Kernels {
  if (typeof kernels !== 'object' || kernels === null || typeof kernels.matmul !== 'function')
    throw new ConfigError({
      where: 'useKernels()',
      expected: 'kernels from st.selectKernels() (or st.wasmKernels)',
      received: kernels === null ? 'null' : typeof kernels === 'object' ? 'an object without kernels' : typeof kernels,
      hint: "Pass st.selectKernels({ prefer: 'wasm' }) or st.selectKernels({ prefer: 'js' }).",
    });
  // not chosen(): choosing the default now would stop the thread pool that `kernels` may have just started
  const previous = float32Kernels ?? defaultKernels();
  float32Kernels = kernels;
  float32Memory = workingMemoryFor(kernels);
  return previous;
}

/** The working memory of a dtype's kernels (null for float64, and for kernels that read arrays where they are). */
export function workingMemory(dtype: DType): WorkingMemory | null {
  if (dtype === 'float64') return null;
  chosen();
  return float32Memory;
}

/** Moves `t` into its kernels' working memory when a model call is open (a no-op otherwise); returns it. */
export function placed<T extends Placeable & { readonly dtype: DType }>(t: T, copyBack = true): T {
  // workspaces call this for every buffer they hand out: a placed one (the steady state) costs two type checks; an
  // open call has chosen the kernels already, so float32Memory is current
  const data = t.data;
  if (data instanceof ResidentFloat32Array || !(data instanceof Float32Array) || float32Memory === null) return t;
  if (float32Memory.isOpen) float32Memory.place(t, copyBack);
  return t;
}

/**
 * A call's read-only input (full-batch training data) in working memory for the call: a new tensor over a copy, so
 * the caller's tensor stays ordinary memory; `t` itself when no call is open.
 */
export function placedInput(t: Tensor): Tensor {
  const memory = workingMemory(t.dtype);
  if (memory === null || !memory.isOpen) return t;
  const copy = new Tensor(t.data, t.shape, t.dtype);
  memory.place(copy, false);
  return copy;
}

/** What a model call places: its layers' weights and gradients (structurally: tensor/ does not import layers/). */
export interface PlacedLayer {
  params(): readonly { readonly value: Placeable; readonly grad: Placeable }[];
}

/**
 * Runs one model call (fit, predict, evaluate) with its layers' weights and gradients in working memory; when the
 * outermost call returns (or its promise settles), everything placed goes back to ordinary memory.
 */
export function withWorkingMemory<T>(dtype: DType, layers: readonly PlacedLayer[], call: () => T): T {
  const memory = workingMemory(dtype);
  if (memory === null) return call();
  memory.open();
  let result: T;
  try {
    for (const layer of layers)
      for (const p of layer.params()) {
        memory.place(p.value);
        memory.place(p.grad);
      }
    result = call();
  } catch (error) {
    memory.close();
    throw error;
  }
  if (!(result instanceof Promise)) {
    memory.close();
    return result;
  }
  return result.finally(() => memory.close()) as T;
}

/** Which float32 kernels run, as `st.getBackend()` reports it. */
export interface BackendInfo {
  /** 'wasm': WebAssembly SIMD; 'js': the TypeScript kernels (where WebAssembly SIMD does not instantiate, or chosen). */
  readonly name: 'wasm' | 'js';
  /** For wasm: 'relaxed' (fused multiply-add) or 'simd'. */
  readonly build?: 'relaxed' | 'simd';
  /** For wasm: whether a call's arrays are placed in WebAssembly memory (needs a shared memory); else copied per kernel. */
  readonly placed?: boolean;
}

/**
 * The float32 backend in use (float64 models always run on the TypeScript kernels), like TF.js's `tf.getBackend()`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * console.log(st.getBackend().name); // 'wasm' on Node 20+ and current browsers
 * ```
 */
export function getBackend(): BackendInfo {
  const kernels = chosen();
  if (kernels.name === 'js') return { name: 'js' };
  return { name: 'wasm', build: wasmRuntime().build, placed: float32Memory !== null };
}
