import { weightOf, type Loss } from './loss.js';

/** Mean over every element of |yPred − yTrue|. */
export const meanAbsoluteError: Loss = {
  name: 'meanAbsoluteError',
  targets: 'values',
  value(yPred, yTrue, weights) {
    const cols = yPred.size / yPred.shape[0];
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) sum += weightOf(weights, i, cols) * Math.abs(yPred.data[i] - yTrue.data[i]);
    return sum / yPred.size;
  },
  gradient(yPred, yTrue, dy, weights) {
    const k = 1 / yPred.size;
    const cols = yPred.size / yPred.shape[0];
    for (let i = 0; i < yPred.size; i++)
      dy.data[i] = k * weightOf(weights, i, cols) * Math.sign(yPred.data[i] - yTrue.data[i]);
  },
};
