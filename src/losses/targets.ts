import { DataError, ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { Loss } from './loss.js';

/**
 * Checks yTrue against what the loss accepts and the model's output width, once, at the boundary.
 * Returns y as a [batch, outputs] tensor ([batch, 1] of class ids for the sparse loss).
 */
export function checkTargets(loss: Loss, y: Tensor, outputUnits: number, where: string): Tensor {
  const rows = y.shape[0];
  const flat = y.rank === 1 || (y.rank === 2 && y.shape[1] === 1);
  const cols = loss.targets === 'classIds' ? 1 : outputUnits;
  if (
    loss.targets === 'classIds' ? !flat : !(y.rank === 2 && y.shape[1] === outputUnits) && !(flat && outputUnits === 1)
  )
    throw new ShapeError({
      where,
      expected:
        loss.targets === 'classIds'
          ? `y of shape [${rows}] or [${rows}, 1] holding class ids for ${loss.name}`
          : `y of shape [${rows}, ${outputUnits}] to match the model's ${outputUnits} output${outputUnits === 1 ? '' : 's'}`,
      received: `y of shape ${formatShape(y.shape)}`,
      hint:
        loss.targets === 'classIds'
          ? 'Pass one integer class id per example, or use categoricalCrossentropy for one-hot labels.'
          : loss.targets === 'oneHot' && flat
            ? "Integer class ids need loss 'sparseCategoricalCrossentropy', or one-hot encode them."
            : "Make the last layer's units equal the number of target columns.",
    });
  const shaped = y.rank === 2 && y.shape[1] === cols ? y : new Tensor(y.data, [rows, cols], y.dtype);
  if (loss.targets === 'probabilities') checkProbabilities(loss, shaped, where);
  if (loss.targets === 'classIds') checkClassIds(loss, shaped, outputUnits, where);
  if (loss.targets === 'oneHot') checkOneHot(loss, shaped, where);
  return shaped;
}

function checkProbabilities(loss: Loss, y: Tensor, where: string): void {
  const cols = y.shape[1];
  for (let i = 0; i < y.size; i++) {
    const v = y.data[i];
    if (v < 0 || v > 1)
      throw new DataError({
        where,
        expected: `labels in [0, 1] for ${loss.name}`,
        received: `${v} at row ${Math.floor(i / cols)}, column ${i % cols}`,
        hint: 'Use 0/1 labels, or a loss for other targets (meanSquaredError for values).',
      });
  }
}

function checkClassIds(loss: Loss, y: Tensor, classes: number, where: string): void {
  for (let r = 0; r < y.size; r++) {
    const v = y.data[r];
    if (!Number.isInteger(v) || v < 0 || v >= classes)
      throw new DataError({
        where,
        expected: `integer class ids in [0, ${classes}) for ${loss.name} (the last layer has ${classes} units)`,
        received: `${v} at row ${r}`,
        hint:
          Number.isInteger(v) && v >= classes
            ? `Give the last layer at least ${v + 1} units, or renumber the classes from 0.`
            : 'Class ids are whole numbers counted from 0.',
      });
  }
}

function checkOneHot(loss: Loss, y: Tensor, where: string): void {
  const [rows, cols] = y.shape;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const v = y.data[r * cols + j];
      if (v < 0 || v > 1)
        throw new DataError({
          where,
          expected: `one-hot (or probability) rows for ${loss.name}`,
          received: `${v} at row ${r}, column ${j}`,
          hint: "For integer class ids use loss 'sparseCategoricalCrossentropy'.",
        });
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3)
      throw new DataError({
        where,
        expected: `each row of y to sum to 1 for ${loss.name}`,
        received: `a sum of ${sum} at row ${r}`,
        hint: 'Each row must be one-hot (a single 1) or a probability distribution.',
      });
  }
}
