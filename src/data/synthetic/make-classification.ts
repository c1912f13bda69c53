import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { intOption, numberOption } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { buildDataset, startClassification, type ClassificationOptions } from './classification-options.js';
import { checkOptionsObject } from '../../core/options.js';

export interface MakeClassificationOptions extends ClassificationOptions {
  /** Total points (default 100), split evenly over the clusters. */
  samples?: number;
  /** Columns of x (default 20): informative, then redundant, then pure noise. */
  features?: number;
  /** Columns that carry the class signal (default 2). */
  informative?: number;
  /** Columns that are random linear combinations of the informative ones (default 2). */
  redundant?: number;
  /** Number of classes (default 2). */
  classes?: number;
  /** Gaussian clusters per class, each on its own hypercube vertex (default 2). */
  clustersPerClass?: number;
  /** Half the side of the hypercube: larger values spread the clusters apart (default 1). */
  classSep?: number;
  /** Share of labels replaced by a random class, as label noise (default 0.01). */
  flipY?: number;
}

/**
 * A random n-class problem, following scikit-learn's `make_classification` (with `hypercube`, no repeated columns,
 * `shift` 0 and `scale` 1): each cluster's centroid is a distinct vertex of a hypercube of side `2·classSep` in the
 * informative dimensions; its points are standard normal, mixed by a random matrix (a random covariance) and moved to
 * the vertex; cluster k belongs to class k mod classes. Redundant columns are the informative ones times a random
 * matrix; the remaining columns are noise. `flipY` of the labels are then redrawn at random. With `shuffle` (the
 * default) the rows and also the columns are permuted; with `shuffle: false` the columns come in the order above.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.makeClassification({ samples: 500, features: 10, informative: 3, classes: 3, seed: 1 });
 * console.log(x.shape, y.shape); // [500, 10] [500, 1]
 * ```
 */
export function makeClassification(options: MakeClassificationOptions = {}): Dataset {
  checkOptionsObject('makeClassification()', options);
  const where = 'makeClassification()';
  const samples = intOption(where, 'samples', options.samples ?? 100, 1);
  const features = intOption(where, 'features', options.features ?? 20, 1);
  const informative = intOption(where, 'informative', options.informative ?? 2, 1);
  const redundant = intOption(where, 'redundant', options.redundant ?? 2, 0);
  const classes = intOption(where, 'classes', options.classes ?? 2, 1);
  const perClass = intOption(where, 'clustersPerClass', options.clustersPerClass ?? 2, 1);
  const classSep = numberOption(where, 'classSep', options.classSep ?? 1, { min: 0 });
  const flipY = numberOption(where, 'flipY', options.flipY ?? 0.01, { min: 0, max: 1 });
  if (informative + redundant > features)
    throw new ConfigError({
      where,
      expected: `informative + redundant ≤ features (${features})`,
      received: `${informative} + ${redundant} = ${informative + redundant}`,
      hint: 'Raise features, or lower informative or redundant.',
    });
  const clusters = classes * perClass;
  // log2 keeps 2^informative from overflowing
  if (Math.log2(clusters) > informative)
    throw new ConfigError({
      where,
      expected: `classes × clustersPerClass ≤ 2^informative = ${2 ** informative}`,
      received: `${classes} × ${perClass} = ${clusters}`,
      hint: 'Each cluster needs its own hypercube vertex: raise informative or lower clustersPerClass.',
    });
  const gen = startClassification(where, options, true);
  const { rng } = gen;
  const x = new Float64Array(samples * features);
  const ids = new Int32Array(samples);
  for (let r = 0; r < samples; r++) for (let j = 0; j < informative; j++) x[r * features + j] = rng.normal();

  const vertices = hypercubeVertices(rng, clusters, informative);
  let start = 0;
  for (let k = 0; k < clusters; k++) {
    const count = Math.floor(samples / clusters) + (k < samples % clusters ? 1 : 0);
    const mix = uniformMatrix(rng, informative * informative);
    const centroid = vertices[k].map((bit) => bit * 2 * classSep - classSep);
    for (let r = start; r < start + count; r++) {
      const z = x.slice(r * features, r * features + informative);
      for (let j = 0; j < informative; j++) {
        let sum = centroid[j];
        for (let i = 0; i < informative; i++) sum += z[i] * mix[i * informative + j];
        x[r * features + j] = sum;
      }
      ids[r] = k % classes;
    }
    start += count;
  }

  const weights = uniformMatrix(rng, informative * redundant);
  for (let r = 0; r < samples; r++) {
    for (let j = 0; j < redundant; j++) {
      let sum = 0;
      for (let i = 0; i < informative; i++) sum += x[r * features + i] * weights[i * redundant + j];
      x[r * features + informative + j] = sum;
    }
    for (let j = informative + redundant; j < features; j++) x[r * features + j] = rng.normal();
  }
  for (let r = 0; r < samples; r++) if (rng.next() < flipY) ids[r] = rng.int(classes);
  return buildDataset(gen, gen.shuffle ? permuteColumns(rng, x, features) : x, ids, classes);
}

/** Entries uniform in [−1, 1), row-major. */
function uniformMatrix(rng: Rng, size: number): Float64Array {
  return Float64Array.from({ length: size }, () => 2 * rng.next() - 1);
}

/** `count` distinct corners of the unit hypercube in `dims` dimensions, as 0/1 coordinates. */
function hypercubeVertices(rng: Rng, count: number, dims: number): number[][] {
  if (dims <= 16) {
    // small cubes: an exact draw without replacement over all 2^dims corners
    const corners = Int32Array.from({ length: 2 ** dims }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(corners.length - i);
      [corners[i], corners[j]] = [corners[j], corners[i]];
    }
    return Array.from(corners.subarray(0, count), (c) => Array.from({ length: dims }, (_, b) => (c >>> b) & 1));
  }
  // 2^dims dwarfs any practical count here, so repeats are rare and simply redrawn
  const seen = new Set<string>();
  const out: number[][] = [];
  while (out.length < count) {
    const vertex = Array.from({ length: dims }, () => (rng.next() < 0.5 ? 1 : 0));
    const key = vertex.join('');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(vertex);
    }
  }
  return out;
}

function permuteColumns(rng: Rng, x: Float64Array, cols: number): Float64Array {
  const order = rng.shuffle(Int32Array.from({ length: cols }, (_, i) => i));
  const out = new Float64Array(x.length);
  for (let r = 0; r < x.length / cols; r++) for (let j = 0; j < cols; j++) out[r * cols + j] = x[r * cols + order[j]];
  return out;
}
