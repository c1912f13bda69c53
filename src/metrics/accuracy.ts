import type { Tensor } from '../tensor/tensor.js';
import type { Metric } from './metric.js';

function argMaxRow(t: Tensor, row: number, cols: number): number {
  let best = 0;
  for (let j = 1; j < cols; j++) if (t.data[row * cols + j] > t.data[row * cols + best]) best = j;
  return best;
}

/** Share of elements where (yPred > 0.5) equals the 0/1 label. */
export const binaryAccuracy = (name = 'binaryAccuracy'): Metric => ({
  name,
  value(yPred, yTrue) {
    let hits = 0;
    for (let i = 0; i < yPred.size; i++) if ((yPred.data[i] > 0.5 ? 1 : 0) === yTrue.data[i]) hits++;
    return hits / yPred.size;
  },
});

/** Share of rows whose arg-max matches the one-hot label's. */
export const categoricalAccuracy = (name = 'categoricalAccuracy'): Metric => ({
  name,
  value(yPred, yTrue) {
    const rows = yPred.shape[0];
    const cols = yPred.size / rows;
    let hits = 0;
    for (let r = 0; r < rows; r++) if (argMaxRow(yPred, r, cols) === argMaxRow(yTrue, r, cols)) hits++;
    return hits / rows;
  },
});

/** Share of rows whose arg-max equals the integer class id. */
export const sparseCategoricalAccuracy = (name = 'sparseCategoricalAccuracy'): Metric => ({
  name,
  value(yPred, yTrue) {
    const rows = yPred.shape[0];
    const cols = yPred.size / rows;
    let hits = 0;
    for (let r = 0; r < rows; r++) if (argMaxRow(yPred, r, cols) === yTrue.data[r]) hits++;
    return hits / rows;
  },
});
