import { EPSILON } from '../kernels/js/losses.js';
import { kernelsFor } from '../tensor/backend.js';
import { weightOf, type Loss } from './loss.js';

export { EPSILON };

/** −mean(y·log p + (1−y)·log(1−p)) with p clipped to [1e-7, 1 − 1e-7], as Keras and the tutorials. */
export const binaryCrossentropy: Loss = {
  name: 'binaryCrossentropy',
  targets: 'probabilities',
  value(yPred, yTrue, weights) {
    const rows = yPred.shape[0];
    const k = kernelsFor(yPred.dtype);
    return k.binaryCrossentropy(yPred.data, yTrue.data, weights ?? null, rows, yPred.size / rows) / yPred.size;
  },
  gradient(yPred, yTrue, dy, weights) {
    const k = 1 / yPred.size;
    const cols = yPred.size / yPred.shape[0];
    for (let i = 0; i < yPred.size; i++) {
      const raw = yPred.data[i];
      const p = Math.min(Math.max(raw, EPSILON), 1 - EPSILON);
      // the clip passes no gradient outside its range, as in Keras
      dy.data[i] = p === raw ? (k * weightOf(weights, i, cols) * (p - yTrue.data[i])) / (p * (1 - p)) : 0;
    }
  },
};
