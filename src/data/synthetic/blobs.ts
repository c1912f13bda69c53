import { ConfigError } from '../../core/errors.js';
import { describeValue, intervalOption, intOption, numberOption } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { buildDataset, startClassification, type ClassificationOptions } from './classification-options.js';
import { gaussianClusters } from './gaussian-clusters.js';
import { checkOptionsObject } from '../../core/options.js';

export interface BlobsOptions extends ClassificationOptions {
  /** Total points (default 100), split evenly over the centers. */
  samples?: number;
  /**
   * The cluster centers as coordinates, one row per class (default `[[-2, -2], [2, 2]]`, tutorial 002's set),
   * or a count of centers drawn uniformly in `centerBox`.
   */
  centers?: number | number[][];
  /** Standard deviation of every cluster, or one per center (default 1). */
  std?: number | number[];
  /** Coordinates per point when `centers` is a count (default 2). */
  features?: number;
  /** Bounds `[low, high]` for centers drawn from a count (default `[-10, 10]`). */
  centerBox?: [number, number];
}

/**
 * Isotropic Gaussian clusters, one class per center, as scikit-learn's `make_blobs`. By default the two-Gaussian set
 * of tutorial 002: classes around (−2, −2) and (2, 2) with standard deviation 1. Shuffled by default.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.blobs({ samples: 1000, seed: 42 });
 * console.log(x.shape, y.shape); // [1000, 2] [1000, 1]
 * const three = st.datasets.blobs({ centers: [[0, 0], [5, 0], [0, 5]], std: [0.5, 1, 1.5], labels: 'oneHot' });
 * console.log(three.y.shape); // [100, 3]
 * ```
 */
export function blobs(options: BlobsOptions = {}): Dataset {
  checkOptionsObject('blobs()', options);
  const where = 'blobs()';
  const samples = intOption(where, 'samples', options.samples ?? 100, 1);
  const given = options.centers ?? [
    [-2, -2],
    [2, 2],
  ];
  if (typeof given !== 'number') checkCenters(where, given);
  const k = typeof given === 'number' ? intOption(where, 'centers', given, 1) : given.length;
  const std = readStd(where, options.std ?? 1, k);
  const features = intOption(where, 'features', options.features ?? 2, 1);
  const [low, high] = intervalOption(where, 'centerBox', options.centerBox ?? [-10, 10]);
  const gen = startClassification(where, options, true);
  const centers =
    typeof given === 'number'
      ? Array.from({ length: k }, () => Array.from({ length: features }, () => gen.rng.uniform(low, high)))
      : given;
  const { points, ids } = gaussianClusters(gen.rng, samples, centers, std);
  return buildDataset(gen, points, ids, k);
}

function checkCenters(where: string, centers: unknown): void {
  const fail = (received: string): never => {
    throw new ConfigError({
      where,
      expected: 'centers as a count or as rows of finite coordinates, all the same length',
      received,
      hint: 'For two classes in the plane: centers: [[-2, -2], [2, 2]].',
    });
  };
  if (!Array.isArray(centers) || centers.length === 0) return fail(describeValue(centers));
  const width = Array.isArray(centers[0]) ? centers[0].length : 0;
  centers.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length === 0 || row.length !== width)
      fail(`row ${i} ${Array.isArray(row) ? `of length ${row.length}` : describeValue(row)} (row 0 has ${width})`);
    (row as unknown[]).forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${describeValue(v)} at row ${i}, column ${j}`);
    });
  });
}

function readStd(where: string, std: unknown, k: number): number[] {
  if (!Array.isArray(std)) return Array<number>(k).fill(numberOption(where, 'std', std, { min: 0 }));
  if (std.length !== k)
    throw new ConfigError({
      where,
      expected: `one std per center (${k})`,
      received: describeValue(std),
      hint: 'Pass a single number to use the same spread for every cluster.',
    });
  return std.map((s, i) => numberOption(where, `std[${i}]`, s, { min: 0 }));
}
