import type { Metric } from './metric.js';

/** Mean squared error as a metric. */
export const mse = (name = 'mse'): Metric => ({
  name,
  value(yPred, yTrue) {
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) sum += (yPred.data[i] - yTrue.data[i]) ** 2;
    return sum / yPred.size;
  },
});

/** Mean absolute error as a metric. */
export const mae = (name = 'mae'): Metric => ({
  name,
  value(yPred, yTrue) {
    let sum = 0;
    for (let i = 0; i < yPred.size; i++) sum += Math.abs(yPred.data[i] - yTrue.data[i]);
    return sum / yPred.size;
  },
});
