import { weightOf, type Loss } from './loss.js';

/** Mean over every element (examples and outputs) of (yPred − yTrue)². */
export const meanSquaredError: Loss = {
  name: 'meanSquaredError',
  targets: 'values',
  value(yPred, yTrue, weights) {
    const cols = yPred.size / yPred.shape[0];
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) {
      const e = yPred.data[i] - yTrue.data[i];
      sum += weightOf(weights, i, cols) * e * e;
    }
    return sum / yPred.size;
  },
  gradient(yPred, yTrue, dy, weights) {
    const k = 2 / yPred.size;
    const cols = yPred.size / yPred.shape[0];
    for (let i = 0; i < yPred.size; i++) dy.data[i] = k * weightOf(weights, i, cols) * (yPred.data[i] - yTrue.data[i]);
  },
};
