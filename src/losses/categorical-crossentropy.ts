import { EPSILON } from './binary-crossentropy.js';
import { kernelsFor } from '../tensor/backend.js';
import { rowsOf, weightOf, type Loss } from './loss.js';

/** −Σ y·log p per example, averaged over the batch, with p clipped to [1e-7, 1]. */
export const categoricalCrossentropy: Loss = {
  name: 'categoricalCrossentropy',
  targets: 'oneHot',
  value(yPred, yTrue, weights) {
    const rows = rowsOf(yPred);
    const k = kernelsFor(yPred.dtype);
    return k.categoricalCrossentropy(yPred.data, yTrue.data, weights ?? null, rows, yPred.size / rows) / rows;
  },
  gradient(yPred, yTrue, dy, weights) {
    const k = 1 / rowsOf(yPred);
    const cols = yPred.size / rowsOf(yPred);
    for (let i = 0; i < yPred.size; i++) {
      const p = yPred.data[i];
      dy.data[i] = p >= EPSILON ? (-k * weightOf(weights, i, cols) * yTrue.data[i]) / p : 0;
    }
  },
};
