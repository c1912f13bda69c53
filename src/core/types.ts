/** Whether a forward pass is part of training (dropout on, batch statistics) or inference. */
export type Mode = 'train' | 'infer';

/** Element type of a tensor; a whole model runs in one of them. */
export type DType = 'float32' | 'float64';

/** The storage behind a tensor. */
export type FloatArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

export function allocate(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}
