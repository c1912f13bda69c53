import { EPSILON } from './binary-crossentropy.js';
import { rowsOf, weightOf, type Loss } from './loss.js';

/** −Σ y·log p per example, averaged over the batch, with p clipped to [1e-7, 1]. */
export const categoricalCrossentropy: Loss = {
  name: 'categoricalCrossentropy',
  targets: 'oneHot',
  value(yPred, yTrue, weights) {
    const cols = yPred.size / rowsOf(yPred);
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) {
      if (yTrue.data[i] !== 0)
        sum -= weightOf(weights, i, cols) * yTrue.data[i] * Math.log(Math.max(yPred.data[i], EPSILON));
    }
    return sum / rowsOf(yPred);
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
