import { intOption, numberOption } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { buildDataset, startClassification, type ClassificationOptions } from './classification-options.js';
import { linspace } from './linspace.js';
import { checkOptionsObject } from '../../core/options.js';

export interface MoonsOptions extends ClassificationOptions {
  /** Total points (default 100): ⌊samples/2⌋ on the upper moon, the rest on the lower one. */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0). */
  noise?: number;
}

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: class 0 is the upper arc
 * (cos θ, sin θ) and class 1 the lower arc (1 − cos θ, 0.5 − sin θ), θ evenly spaced over [0, π], with Gaussian
 * `noise` added. Shuffled by default.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.moons({ samples: 200, noise: 0.1, seed: 0 });
 * console.log(x.shape, y.shape); // [200, 2] [200, 1]
 * ```
 */
export function moons(options: MoonsOptions = {}): Dataset {
  checkOptionsObject('moons()', options);
  const where = 'moons()';
  const samples = intOption(where, 'samples', options.samples ?? 100, 1);
  const noise = numberOption(where, 'noise', options.noise ?? 0, { min: 0 });
  const gen = startClassification(where, options, true);
  const upper = Math.floor(samples / 2);
  const points = new Float64Array(samples * 2);
  const ids = new Int32Array(samples);
  for (let row = 0; row < samples; row++) {
    const isLower = row >= upper;
    const theta = isLower ? linspace(0, Math.PI, samples - upper, row - upper) : linspace(0, Math.PI, upper, row);
    points[2 * row] = (isLower ? 1 - Math.cos(theta) : Math.cos(theta)) + (noise > 0 ? gen.rng.normal() * noise : 0);
    points[2 * row + 1] =
      (isLower ? 0.5 - Math.sin(theta) : Math.sin(theta)) + (noise > 0 ? gen.rng.normal() * noise : 0);
    ids[row] = isLower ? 1 : 0;
  }
  return buildDataset(gen, points, ids, 2);
}
