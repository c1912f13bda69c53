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
