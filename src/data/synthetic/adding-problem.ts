import { ConfigError } from '../../core/errors.js';
import { unknownOption } from '../../core/suggest.js';
import { zeros } from '../../tensor/tensor.js';
import { intOption, MAX_COUNT, resolveDtype, resolveRng, type DataOptions } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { checkOptionsObject } from '../../core/options.js';

export interface AddingProblemOptions extends DataOptions {
  /** Number of sequences (default 1000). */
  samples?: number;
  /** Time steps per sequence (default 100). */
  length?: number;
}

/**
 * The adding problem (Hochreiter & Schmidhuber 1997), a test of long-range memory: each sequence has `length` steps
 * of two features, a value uniform in [0, 1) and a marker that is 1 at two steps (one in each half) and 0 elsewhere;
 * the target is the sum of the two marked values. Predicting 1 always gives a mean squared error of about 1/6; a
 * network that remembers does far better. x is `[samples, length, 2]`, y `[samples, 1]`.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.addingProblem({ samples: 8, length: 20, seed: 1 });
 * console.log(x.shape, y.shape); // [8, 20, 2] [8, 1]
 * ```
 */
export function addingProblem(options: AddingProblemOptions = {}): Dataset {
  checkOptionsObject('addingProblem()', options);
  const where = 'addingProblem()';
  const unknown = unknownOption(options ?? {}, ['samples', 'length', 'seed', 'dtype']);
  if (unknown) throw new ConfigError({ where, ...unknown });
  const samples = intOption(where, 'samples', options.samples ?? 1000, 1);
  const length = intOption(where, 'length', options.length ?? 100, 2);
  if (samples * length * 2 > MAX_COUNT)
    throw new ConfigError({
      where,
      expected: `samples × length × 2 values of at most ${MAX_COUNT.toLocaleString('en-US')}`,
      received: `${samples} × ${length} × 2`,
      hint: 'Generate fewer or shorter sequences at a time.',
    });
  const rng = resolveRng(where, options.seed);
  const dtype = resolveDtype(where, options.dtype);
  const x = zeros([samples, length, 2], dtype);
  const y = zeros([samples, 1], dtype);
  const half = Math.floor(length / 2);
  for (let s = 0; s < samples; s++) {
    const base = s * length * 2;
    for (let t = 0; t < length; t++) x.data[base + 2 * t] = rng.uniform(0, 1);
    const first = rng.int(half);
    const second = half + rng.int(length - half);
    x.data[base + 2 * first + 1] = 1;
    x.data[base + 2 * second + 1] = 1;
    y.data[s] = x.data[base + 2 * first] + x.data[base + 2 * second];
  }
  return { x, y };
}
