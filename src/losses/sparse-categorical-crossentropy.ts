import { EPSILON } from './binary-crossentropy.js';
import { rowsOf, type Loss } from './loss.js';

/** Categorical cross-entropy with integer class ids as targets (yTrue is [batch, 1]). */
export const sparseCategoricalCrossentropy: Loss = {
  name: 'sparseCategoricalCrossentropy',
  targets: 'classIds',
  value(yPred, yTrue, weights) {
    const rows = rowsOf(yPred);
    const cols = yPred.size / rows;
    let sum = 0;
    for (let r = 0; r < rows; r++)
      sum -= (weights ? weights[r] : 1) * Math.log(Math.max(yPred.data[r * cols + yTrue.data[r]], EPSILON));
    return sum / rows;
  },
  gradient(yPred, yTrue, dy, weights) {
    const rows = rowsOf(yPred);
    const cols = yPred.size / rows;
    dy.data.fill(0, 0, yPred.size);
    for (let r = 0; r < rows; r++) {
      const idx = r * cols + yTrue.data[r];
      const p = yPred.data[idx];
      dy.data[idx] = p >= EPSILON ? -(weights ? weights[r] : 1) / (rows * p) : 0;
    }
  },
};
