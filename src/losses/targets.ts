import { DataError, ShapeError } from '../core/errors.js';
import { formatShape, type ShapeSpec } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { Loss } from './loss.js';

/**
 * Checks yTrue against what the loss accepts and the model's output width, once, at the boundary.
 * Returns y as a [batch, outputs] tensor ([batch, 1] of class ids for the sparse loss).
 */
/**
 * Checks y against the loss and the model's output shape (`[null, ...dims, units]`) and returns it shaped for the
 * loss: like the output, or with a last axis of 1 for class ids. Sequences and images get one target per position.
 */
export function checkTargets(loss: Loss, y: Tensor, outputShape: ShapeSpec, where: string): Tensor {
  const rows = y.shape[0];
  const outputUnits = outputShape[outputShape.length - 1] as number;
  const positions = outputShape.slice(1, -1) as number[];
  const ids = loss.targets === 'classIds';
  const cols = ids ? 1 : outputUnits;
  // y as [rows, ...positions] (one value per position) or [rows, ...positions, cols]
  const matches = (last: number) =>
    (y.rank === positions.length + 1 && last === 1 && positions.every((d, i) => y.shape[i + 1] === d)) ||
    (y.rank === positions.length + 2 &&
      y.shape[y.rank - 1] === last &&
      positions.every((d, i) => y.shape[i + 1] === d));
  const flat = y.rank === 1 || (y.rank === 2 && y.shape[1] === 1);
  if (!matches(cols) && !(positions.length === 0 && (ids ? flat : flat && outputUnits === 1)))
    throw new ShapeError({
      where,
      expected:
        positions.length > 0
          ? `y of shape ${formatShape([rows, ...positions, cols])}${ids ? ` or ${formatShape([rows, ...positions])}` : ''} to match the model's output ${formatShape(outputShape)}${ids ? ` (class ids for ${loss.name})` : ''}`
          : ids
            ? `y of shape [${rows}] or [${rows}, 1] holding class ids for ${loss.name}`
            : `y of shape [${rows}, ${outputUnits}] to match the model's ${outputUnits} output${outputUnits === 1 ? '' : 's'}`,
      received: `y of shape ${formatShape(y.shape)}`,
      hint: ids
        ? 'Pass one integer class id per example, or use categoricalCrossentropy for one-hot labels.'
        : loss.targets === 'oneHot' && flat
          ? "Integer class ids need loss 'sparseCategoricalCrossentropy', or one-hot encode them."
          : "Make the last layer's units equal the number of target columns.",
    });
  const shape = [rows, ...positions, cols];
  const shaped = y.rank === shape.length && y.shape[y.rank - 1] === cols ? y : new Tensor(y.data, shape, y.dtype);
  // the checks read one row per position: [examples × positions, cols]
  const byRow = shaped.rank === 2 ? shaped : new Tensor(shaped.data, [shaped.size / cols, cols], shaped.dtype);
  if (loss.targets === 'probabilities') checkProbabilities(loss, byRow, where);
  if (ids) checkClassIds(loss, byRow, outputUnits, where);
  if (loss.targets === 'oneHot') checkOneHot(loss, byRow, where);
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
