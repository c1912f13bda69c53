import { intOption, numberOption } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { buildDataset, startClassification, type ClassificationOptions } from './classification-options.js';
import { linspace } from './linspace.js';
import { checkOptionsObject } from '../../core/options.js';

export interface CirclesOptions extends ClassificationOptions {
  /** Total points (default 100): ⌊samples/2⌋ on the outer ring, the rest on the inner one. */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0). */
  noise?: number;
  /** Radius of the inner ring relative to the outer one, in [0, 1) (default 0.8). */
  factor?: number;
}

/**
 * Two concentric rings, as scikit-learn's `make_circles`: the outer ring (radius 1) is class 0, the inner ring
 * (radius `factor`) class 1, with points evenly spaced in angle and Gaussian `noise` added. Shuffled by default.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.circles({ samples: 200, noise: 0.05, factor: 0.5, seed: 0 });
 * console.log(x.shape, y.shape); // [200, 2] [200, 1]
 * ```
 */
export function circles(options: CirclesOptions = {}): Dataset {
  checkOptionsObject('circles()', options);
  const where = 'circles()';
  const samples = intOption(where, 'samples', options.samples ?? 100, 1);
  const noise = numberOption(where, 'noise', options.noise ?? 0, { min: 0 });
  const factor = numberOption(where, 'factor', options.factor ?? 0.8, { min: 0, max: 1, maxIncluded: false });
  const gen = startClassification(where, options, true);
  const outer = Math.floor(samples / 2);
  const points = new Float64Array(samples * 2);
  const ids = new Int32Array(samples);
  for (let row = 0; row < samples; row++) {
    const isInner = row >= outer;
    const count = isInner ? samples - outer : outer;
    const angle = linspace(0, 2 * Math.PI, count, isInner ? row - outer : row, false);
    const radius = isInner ? factor : 1;
    points[2 * row] = radius * Math.cos(angle) + (noise > 0 ? gen.rng.normal() * noise : 0);
    points[2 * row + 1] = radius * Math.sin(angle) + (noise > 0 ? gen.rng.normal() * noise : 0);
    ids[row] = isInner ? 1 : 0;
  }
  return buildDataset(gen, points, ids, 2);
}
