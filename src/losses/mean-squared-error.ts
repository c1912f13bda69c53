import type { Loss } from './loss.js';

/** Mean over every element (examples and outputs) of (yPred − yTrue)². */
export const meanSquaredError: Loss = {
  name: 'meanSquaredError',
  targets: 'values',
  value(yPred, yTrue) {
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) {
      const e = yPred.data[i] - yTrue.data[i];
      sum += e * e;
    }
    return sum / yPred.size;
  },
  gradient(yPred, yTrue, dy) {
    const k = 2 / yPred.size;
    for (let i = 0; i < yPred.size; i++) dy.data[i] = k * (yPred.data[i] - yTrue.data[i]);
  },
};
