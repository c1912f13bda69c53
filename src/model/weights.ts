import { DataError, ShapeError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import type { DType } from '../core/types.js';
import type { Param } from '../tensor/param.js';
import { tensor, type TensorLike } from '../tensor/tensor.js';

/** Copies `weights` into `params`, checking count, shapes and finiteness of all of them before changing any. */
export function assignWeights(
  params: readonly Param[],
  weights: readonly TensorLike[],
  dtype: DType,
  where: string,
): void {
  const describe = params.map((p) => `${p.name} ${formatShape(p.value.shape)}`).join(', ');
  if (!Array.isArray(weights) || weights.length !== params.length)
    throw new ShapeError({
      where,
      expected: `${params.length} weights (${describe})`,
      received: Array.isArray(weights) ? `${weights.length}` : String(weights),
      hint: 'Pass them in the order getWeights() returns.',
    });
  const converted = weights.map((w, i) => {
    const t = tensor(w, undefined, dtype, where);
    const p = params[i];
    if (!shapesEqual(t.shape, p.value.shape))
      throw new ShapeError({
        where,
        expected: `${p.name} of shape ${formatShape(p.value.shape)}`,
        received: formatShape(t.shape),
        hint: t.rank === 2 && p.value.rank === 2 ? 'Dense kernels are [inputs, units].' : undefined,
      });
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new DataError({
        where,
        expected: `finite values in ${p.name}`,
        received: `${t.data[bad]} at index ${bad}`,
        hint: 'Replace NaN or Infinity in the weights before setting them.',
      });
    return t;
  });
  params.forEach((p, i) => p.value.data.set(converted[i].data));
}
