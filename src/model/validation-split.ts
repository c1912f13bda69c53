import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { zeros, type Tensor } from '../tensor/tensor.js';
import { gatherRows } from './inputs.js';

type Part = { x: Tensor; y: Tensor; weights?: Tensor };

/** A seeded shuffled split (not TF.js' "last rows"): the first share trains, the rest validates. */
export function splitValidation(
  where: string,
  data: { x: Tensor; y: Tensor; weights?: Tensor },
  split: number,
  rng: Rng,
): [Part, Part] {
  const { x, y, weights } = data;
  const rows = x.shape[0];
  const trainRows = Math.floor(rows * (1 - split));
  if (trainRows < 1 || trainRows >= rows)
    throw new ConfigError({
      where,
      expected: 'a validationSplit that leaves at least one example on each side',
      received: `${trainRows} training and ${rows - trainRows} validation examples from ${rows}`,
      hint: 'Use more data or a different validationSplit.',
    });
  const order = rng.shuffle(Int32Array.from({ length: rows }, (_, i) => i));
  const take = (src: Tensor, start: number, count: number): Tensor => {
    const out = zeros([count, ...src.shape.slice(1)], src.dtype);
    gatherRows(src, order, start, count, out);
    return out;
  };
  return [
    { x: take(x, 0, trainRows), y: take(y, 0, trainRows), weights: weights && take(weights, 0, trainRows) },
    { x: take(x, trainRows, rows - trainRows), y: take(y, trainRows, rows - trainRows) },
  ];
}
