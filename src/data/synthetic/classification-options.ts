import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { DType } from '../../core/types.js';
import { zeros } from '../../tensor/tensor.js';
import { booleanOption, describeValue, resolveDtype, resolveRng, type DataOptions } from '../data-options.js';
import type { Dataset } from '../dataset.js';

/** How a classification set gives its targets: `'ids'` as `[samples, 1]`, `'oneHot'` as `[samples, classes]`. */
export type LabelEncoding = 'ids' | 'oneHot';

/** Options shared by every classification generator. */
export interface ClassificationOptions extends DataOptions {
  /** `'ids'` (default): y holds class ids `[samples, 1]`; `'oneHot'`: y is `[samples, classes]`. */
  labels?: LabelEncoding;
  /** Shuffle the rows (x and y together); each generator documents its default. */
  shuffle?: boolean;
}

/** The validated common options, with the generator that the rest of the call draws from. */
export interface GeneratorContext {
  readonly rng: Rng;
  readonly dtype: DType;
  readonly labels: LabelEncoding;
  readonly shuffle: boolean;
}

export function startClassification(
  where: string,
  options: ClassificationOptions,
  shuffleDefault: boolean,
): GeneratorContext {
  const labels = options.labels ?? 'ids';
  if (labels !== 'ids' && labels !== 'oneHot')
    throw new ConfigError({
      where,
      expected: `labels 'ids' or 'oneHot'`,
      received: describeValue(labels),
      hint: "Use 'ids' for sparseCategoricalCrossentropy, 'oneHot' for categoricalCrossentropy.",
    });
  return {
    rng: resolveRng(where, options.seed),
    dtype: resolveDtype(where, options.dtype),
    labels,
    shuffle: booleanOption(where, 'shuffle', options.shuffle ?? shuffleDefault),
  };
}

/** Packs row-major points `[samples, cols]` and their class ids into tensors, shuffling rows together if asked. */
export function buildDataset(gen: GeneratorContext, points: Float64Array, ids: Int32Array, classes: number): Dataset {
  const rows = ids.length;
  const cols = points.length / rows;
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  if (gen.shuffle) gen.rng.shuffle(order);
  const x = zeros([rows, cols], gen.dtype);
  const yCols = gen.labels === 'oneHot' ? classes : 1;
  const y = zeros([rows, yCols], gen.dtype);
  for (let r = 0; r < rows; r++) {
    const from = order[r];
    x.data.set(points.subarray(from * cols, from * cols + cols), r * cols);
    if (yCols === 1) y.data[r] = ids[from];
    else y.data[r * yCols + ids[from]] = 1;
  }
  return { x, y };
}
