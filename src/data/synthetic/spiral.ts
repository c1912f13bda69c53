import { intOption, numberOption } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { buildDataset, startClassification, type ClassificationOptions } from './classification-options.js';
import { linspace } from './linspace.js';
import { checkOptionsObject } from '../../core/options.js';

export interface SpiralOptions extends ClassificationOptions {
  /** Points on each arm (default 100). */
  samplesPerClass?: number;
  /** Number of arms, one class each (default 2). */
  classes?: number;
  /** Standard deviation of the Gaussian noise added to each point's angle (default 0.2). */
  noise?: number;
}

/**
 * Interleaved spiral arms, the first tutorial's generator: for class j, r = linspace(0, 1, N),
 * t = linspace(4j, 4(j + 1), N) + noise · randn(N), and the point is (r sin t, r cos t). Every point lies within
 * radius 1. Rows come class by class unless `shuffle: true`; y is `[N·K, 1]` class ids, or `[N·K, K]` one-hot.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.spiral({ samplesPerClass: 100, classes: 3, seed: 42 });
 * console.log(x.shape, y.shape); // [300, 2] [300, 1]
 * const oneHot = st.datasets.spiral({ classes: 3, labels: 'oneHot', seed: 42 }).y;
 * console.log(oneHot.shape); // [300, 3]
 * ```
 */
export function spiral(options: SpiralOptions = {}): Dataset {
  checkOptionsObject('spiral()', options);
  const where = 'spiral()';
  const n = intOption(where, 'samplesPerClass', options.samplesPerClass ?? 100, 1);
  const classes = intOption(where, 'classes', options.classes ?? 2, 1);
  const noise = numberOption(where, 'noise', options.noise ?? 0.2, { min: 0 });
  const gen = startClassification(where, options, false);
  const points = new Float64Array(n * classes * 2);
  const ids = new Int32Array(n * classes);
  for (let j = 0; j < classes; j++) {
    for (let i = 0; i < n; i++) {
      const row = j * n + i;
      const r = linspace(0, 1, n, i);
      const t = linspace(4 * j, 4 * (j + 1), n, i) + gen.rng.normal() * noise;
      points[2 * row] = r * Math.sin(t);
      points[2 * row + 1] = r * Math.cos(t);
      ids[row] = j;
    }
  }
  return buildDataset(gen, points, ids, classes);
}
