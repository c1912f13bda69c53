/** Whether a forward pass is part of training (dropout on, batch statistics) or inference. */
export type Mode = 'train' | 'infer';

/** Element type of a tensor; a whole model runs in one of them. */
export type DType = 'float32' | 'float64';

/** The storage behind a tensor. */
export type FloatArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Where float32 storage comes from, e.g. WebAssembly memory so the kernels read tensors in place. */
export interface Float32Allocator {
  /** A zeroed array of `size` floats. */
  allocate(size: number): Float32Array;
  /** Returns an array from `allocate` early (a disposed tensor); without it, storage goes when garbage-collected. */
  release?(data: Float32Array): void;
}

let float32Allocator: Float32Allocator | null = null;

/** Installs the float32 allocator (null: plain Float32Arrays); returns the previous one. */
export function setFloat32Allocator(allocator: Float32Allocator | null): Float32Allocator | null {
  const previous = float32Allocator;
  float32Allocator = allocator;
  return previous;
}

export function allocate(dtype: DType, size: number): FloatArray {
  if (dtype === 'float64') return new Float64Array(size);
  return float32Allocator === null ? new Float32Array(size) : float32Allocator.allocate(size);
}

/** Hands a tensor's storage back to the allocator that made it; the array must not be used afterwards. */
export function release(data: FloatArray): void {
  if (data instanceof Float32Array) float32Allocator?.release?.(data);
}

/** Something whose storage may move: a Tensor, or a holder of optimizer state. */
export interface Placeable {
  data: FloatArray;
}

/**
 * Where the kernels' float32 storage lives while a model call (fit, predict, evaluate) runs: WebAssembly memory for
 * the WebAssembly kernels. Outside calls every array is ordinary garbage-collected memory.
 */
export interface WorkingMemory {
  /** Opens a call; calls nest (a predict inside a fit callback), and only the outermost close hands memory back. */
  open(): void;
  /** Closes a call; at the outermost, every placed array is copied back into its own storage and its block reused. */
  close(): void;
  /** Whether a call is open. */
  readonly isOpen: boolean;
  /** Counts outermost closes, so that caches of placed arrays (an optimizer's parameter set) know they are stale. */
  readonly generation: number;
  /**
   * Inside a call: moves `p.data` (float32) into working memory until the outermost close, which copies it back
   * (unless `copyBack` is false: data the call only reads); outside a call it does nothing.
   */
  place(p: Placeable, copyBack?: boolean): void;
}

let workingMemory: WorkingMemory | null = null;

/** Installs the working memory of the float32 kernels (null: none, every kernel reads arrays where they are). */
export function setWorkingMemory(memory: WorkingMemory | null): WorkingMemory | null {
  const previous = workingMemory;
  workingMemory = memory;
  return previous;
}

/** The installed working memory, or null. */
export function currentWorkingMemory(): WorkingMemory | null {
  return workingMemory;
}
