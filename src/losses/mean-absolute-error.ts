import type { Loss } from './loss.js';

/** Mean over every element of |yPred − yTrue|. */
export const meanAbsoluteError: Loss = {
  name: 'meanAbsoluteError',
  targets: 'values',
  value(yPred, yTrue) {
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) sum += Math.abs(yPred.data[i] - yTrue.data[i]);
    return sum / yPred.size;
  },
  gradient(yPred, yTrue, dy) {
    const k = 1 / yPred.size;
    for (let i = 0; i < yPred.size; i++) dy.data[i] = k * Math.sign(yPred.data[i] - yTrue.data[i]);
  },
};
