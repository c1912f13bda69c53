import { ConfigError, DataError, ShapeError } from '../core/errors.js';
import type { DType } from '../core/types.js';
import type { Loss } from '../losses/loss.js';
import { tensor, zeros, type Tensor, type TensorLike } from '../tensor/tensor.js';

/** Class id of each row: the id itself (sparse), the hot column (one-hot) or the 0/1 label (binary). */
function classOf(loss: Loss, y: Tensor, row: number): number | undefined {
  const cols = y.shape[1];
  if (loss.targets === 'classIds') return y.data[row];
  if (loss.targets === 'oneHot') {
    let best = 0;
    for (let j = 1; j < cols; j++) if (y.data[row * cols + j] > y.data[row * cols + best]) best = j;
    return best;
  }
  if (loss.targets === 'probabilities' && cols === 1) return Math.round(y.data[row]);
  return undefined;
}

/** Loss rows per example: the positions of a sequence or image target (1 for one label per example). */
function positionsOf(loss: Loss, y: Tensor): number {
  const perExample = y.size / y.shape[0];
  // class ids carry no class axis ([batch, time] or [batch, time, 1]); every other target ends in one
  return loss.targets === 'classIds' || y.rank < 2 ? perExample : perExample / y.shape[y.rank - 1];
}

/**
 * Loss weights from `sampleWeight` times `classWeight[class]` (Keras semantics), or undefined for none: one per
 * example ([rows, 1]), or one per position of a sequence target ([rows, positions], Keras' temporal weights: 0 on
 * the padded steps leaves them out of the loss). Classes missing from classWeight weigh 1.
 */
export function exampleWeights(
  where: string,
  loss: Loss,
  y: Tensor,
  dtype: DType,
  sampleWeight?: TensorLike,
  classWeight?: Readonly<Record<number, number>>,
): Tensor | undefined {
  if (sampleWeight === undefined && classWeight === undefined) return undefined;
  const rows = y.shape[0];
  const positions = positionsOf(loss, y);
  const sw = sampleWeight === undefined ? undefined : tensor(sampleWeight, undefined, dtype, where);
  // per position only when the weights say so: a sequence target may still be weighed per example
  const width = sw !== undefined && sw.size === rows * positions && sw.shape[0] === rows ? positions : 1;
  const out = zeros([rows, width], dtype);
  const weights = out.data.fill(1);
  if (sw !== undefined) {
    if (sw.shape[0] !== rows || (sw.size !== rows && width === 1))
      throw new ShapeError({
        where,
        expected:
          positions > 1
            ? `sampleWeight with one weight per example (${rows}) or per position ([${rows}, ${positions}])`
            : `sampleWeight with one weight per example (${rows})`,
        received: `shape [${sw.shape.join(', ')}]`,
        hint:
          positions > 1
            ? 'Pass one number per row of x, or one per step of each row (0 for padding).'
            : 'Pass an array with one number per row of x.',
      });
    sw.data.forEach((w, i) => {
      if (!(w >= 0) || !Number.isFinite(w))
        throw new DataError({
          where,
          expected: 'sample weights ≥ 0 and finite',
          received: `${w} at row ${Math.floor(i / width)}${width > 1 ? `, position ${i % width}` : ''}`,
          hint: 'Use 0 to leave an example out; weights cannot be negative.',
        });
      weights[i] = w;
    });
  }
  if (classWeight !== undefined) {
    if (typeof classWeight !== 'object' || classWeight === null)
      throw new ConfigError({
        where,
        expected: 'classWeight as { [classId]: weight }',
        received: String(classWeight),
        hint: 'For example classWeight: { 0: 1, 1: 5 }.',
      });
    for (const [key, w] of Object.entries(classWeight))
      if (!/^\d+$/.test(key) || typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w))
        throw new ConfigError({
          where,
          expected: 'classWeight entries classId: weight ≥ 0',
          received: `${key}: ${w}`,
          hint: 'Keys are class ids (0, 1, …), values weights ≥ 0.',
        });
    if (positions > 1)
      throw new ConfigError({
        where,
        expected: 'classWeight with one label per example',
        received: `a target of shape [${y.shape.join(', ')}] (${positions} labels per example)`,
        hint: 'For sequence targets, pass the class weights as sampleWeight of shape [examples, steps] (as Keras).',
      });
    if (classOf(loss, y, 0) === undefined)
      throw new ConfigError({
        where,
        expected: 'a classification loss for classWeight',
        received: `loss '${loss.name}'`,
        hint: 'For regression, weigh examples with sampleWeight instead.',
      });
    for (let r = 0; r < rows; r++) weights[r] *= classWeight[classOf(loss, y, r)!] ?? 1;
  }
  return out;
}
