import type { Rng } from '../core/rng.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { checkBatchSize, type normalizeFitOptions } from './fit-options.js';
import { splitValidation } from './validation-split.js';

type Examples = { x: Tensor; y: Tensor };

/** What fit() trains on: the training examples (with their weights), the held-out ones and the checked batch size. */
export function fitData(
  where: string,
  opts: ReturnType<typeof normalizeFitOptions>,
  data: Examples & { weights?: Tensor },
  prepareValidation: (x: TensorLike, y: TensorLike) => Examples,
  rng: Rng,
): { train: Examples & { weights?: Tensor }; validation?: Examples; batchSize: number } {
  let train = data;
  let validation: Examples | undefined;
  if (opts.validationData) validation = prepareValidation(opts.validationData[0], opts.validationData[1]);
  else if (opts.validationSplit > 0) [train, validation] = splitValidation(where, train, opts.validationSplit, rng);
  const rows = train.x.shape[0];
  const context =
    validation && !opts.validationData
      ? `${rows} training examples after the validation split`
      : `${rows} training examples`;
  return { train, validation, batchSize: checkBatchSize(where, opts.batchSize, rows, context) };
}
