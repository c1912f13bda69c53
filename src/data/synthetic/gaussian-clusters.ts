import type { Rng } from '../../core/rng.js';

/** Points around each center, split as evenly as possible (the first `samples % k` centers get one more). */
export interface Clusters {
  readonly points: Float64Array;
  readonly ids: Int32Array;
}

/** Draws `samples` points, cluster by cluster, each coordinate Gaussian around its center with that center's std. */
export function gaussianClusters(
  rng: Rng,
  samples: number,
  centers: readonly (readonly number[])[],
  std: readonly number[],
): Clusters {
  const k = centers.length;
  const cols = centers[0].length;
  const points = new Float64Array(samples * cols);
  const ids = new Int32Array(samples);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const count = Math.floor(samples / k) + (c < samples % k ? 1 : 0);
    for (let i = 0; i < count; i++, row++) {
      for (let j = 0; j < cols; j++) points[row * cols + j] = centers[c][j] + std[c] * rng.normal();
      ids[row] = c;
    }
  }
  return { points, ids };
}
