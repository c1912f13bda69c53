import type { FloatArray } from '../../core/types.js';

export function batchNormTrain(
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  out: FloatArray,
  xHat: FloatArray,
  mean: FloatArray,
  variance: FloatArray,
  invStd: FloatArray,
  rows: number,
  cols: number,
  epsilon: number,
): void {
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += x[i * cols + j];
    const mu = sum / rows;
    let sq = 0;
    for (let i = 0; i < rows; i++) {
      const d = x[i * cols + j] - mu;
      sq += d * d;
    }
    const v = sq / rows;
    const inv = 1 / Math.sqrt(v + epsilon);
    mean[j] = mu;
    variance[j] = v;
    invStd[j] = inv;
    for (let i = 0; i < rows; i++) {
      const h = (x[i * cols + j] - mu) * inv;
      xHat[i * cols + j] = h;
      out[i * cols + j] = gamma[j] * h + beta[j];
    }
  }
}

export function batchNormInfer(
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  movingMean: FloatArray,
  movingVariance: FloatArray,
  out: FloatArray,
  rows: number,
  cols: number,
  epsilon: number,
): void {
  for (let j = 0; j < cols; j++) {
    const scale = gamma[j] / Math.sqrt(movingVariance[j] + epsilon);
    const shift = beta[j] - movingMean[j] * scale;
    for (let i = 0; i < rows; i++) out[i * cols + j] = x[i * cols + j] * scale + shift;
  }
}

/** dx = invStd/N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), with dx̂ = dy·gamma. */
export function batchNormBackward(
  dy: FloatArray,
  xHat: FloatArray,
  gamma: FloatArray,
  invStd: FloatArray,
  dx: FloatArray,
  dGamma: FloatArray,
  dBeta: FloatArray,
  rows: number,
  cols: number,
): void {
  for (let j = 0; j < cols; j++) {
    let sumDy = 0;
    let sumDyXHat = 0;
    for (let i = 0; i < rows; i++) {
      const g = dy[i * cols + j];
      sumDy += g;
      sumDyXHat += g * xHat[i * cols + j];
    }
    dGamma[j] = sumDyXHat;
    dBeta[j] = sumDy;
    const k = (gamma[j] * invStd[j]) / rows;
    for (let i = 0; i < rows; i++) {
      const idx = i * cols + j;
      dx[idx] = k * (rows * dy[idx] - sumDy - xHat[idx] * sumDyXHat);
    }
  }
}

export function movingAverage(moving: FloatArray, batch: FloatArray, momentum: number): void {
  for (let j = 0; j < moving.length; j++) moving[j] = momentum * moving[j] + (1 - momentum) * batch[j];
}
