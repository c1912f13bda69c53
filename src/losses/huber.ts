import { weightOf, type Loss } from './loss.js';

// Keras' default delta
const DELTA = 1;

/** ½e² where |e| ≤ 1, |e| − ½ beyond: quadratic near the target, linear for outliers. */
export const huber: Loss = {
  name: 'huber',
  targets: 'values',
  value(yPred, yTrue, weights) {
    const cols = yPred.size / yPred.shape[0];
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) {
      const e = Math.abs(yPred.data[i] - yTrue.data[i]);
      sum += weightOf(weights, i, cols) * (e <= DELTA ? 0.5 * e * e : DELTA * (e - 0.5 * DELTA));
    }
    return sum / yPred.size;
  },
  gradient(yPred, yTrue, dy, weights) {
    const k = 1 / yPred.size;
    const cols = yPred.size / yPred.shape[0];
    for (let i = 0; i < yPred.size; i++) {
      const e = yPred.data[i] - yTrue.data[i];
      dy.data[i] = k * weightOf(weights, i, cols) * (Math.abs(e) <= DELTA ? e : DELTA * Math.sign(e));
    }
  },
};
