import { intOption, numberOption } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { buildDataset, startClassification, type ClassificationOptions } from './classification-options.js';
import { gaussianClusters } from './gaussian-clusters.js';
import { checkOptionsObject } from '../../core/options.js';

export interface XorOptions extends ClassificationOptions {
  /** Total points (default 100), a quarter in each quadrant. */
  samples?: number;
  /** Standard deviation of each cluster around its corner (default 0.2). */
  noise?: number;
}

const CORNERS = [
  [-1, -1],
  [-1, 1],
  [1, -1],
  [1, 1],
];
// class = (x > 0) XOR (y > 0), corner by corner
const XOR_IDS = [0, 1, 1, 0];

/**
 * Four Gaussian clusters at (±1, ±1) labelled by XOR of the signs: (−1, 1) and (1, −1) are class 1,
 * (−1, −1) and (1, 1) class 0. No straight line separates them. Shuffled by default.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.xor({ samples: 200, noise: 0.1, seed: 7 });
 * console.log(x.shape, y.shape); // [200, 2] [200, 1]
 * ```
 */
export function xor(options: XorOptions = {}): Dataset {
  checkOptionsObject('xor()', options);
  const where = 'xor()';
  const samples = intOption(where, 'samples', options.samples ?? 100, 1);
  const noise = numberOption(where, 'noise', options.noise ?? 0.2, { min: 0 });
  const gen = startClassification(where, options, true);
  const { points, ids } = gaussianClusters(gen.rng, samples, CORNERS, [noise, noise, noise, noise]);
  return buildDataset(
    gen,
    points,
    ids.map((c) => XOR_IDS[c]),
    2,
  );
}
