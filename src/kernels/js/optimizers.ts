import type { FloatArray } from '../../core/types.js';

export function sgdUpdate(p: FloatArray, g: FloatArray, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
}

export function momentumUpdate(
  p: FloatArray,
  g: FloatArray,
  v: FloatArray,
  lr: number,
  momentum: number,
  dampening: number,
  nesterov: boolean,
): void {
  for (let i = 0; i < p.length; i++) {
    const vi = momentum * v[i] + (1 - dampening) * g[i];
    v[i] = vi;
    p[i] -= lr * (nesterov ? g[i] + momentum * vi : vi);
  }
}

export function sgdMomentumUpdate(
  p: FloatArray,
  g: FloatArray,
  v: FloatArray,
  lr: number,
  momentum: number,
  nesterov: boolean,
): void {
  for (let i = 0; i < p.length; i++) {
    const vi = momentum * v[i] - lr * g[i];
    v[i] = vi;
    p[i] += nesterov ? momentum * vi - lr * g[i] : vi;
  }
}

export function rmspropUpdate(
  p: FloatArray,
  g: FloatArray,
  s: FloatArray,
  velocity: FloatArray,
  lr: number,
  rho: number,
  epsilon: number,
  momentum: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const si = rho * s[i] + (1 - rho) * g[i] * g[i];
    s[i] = si;
    const step = (lr * g[i]) / (Math.sqrt(si) + epsilon);
    if (momentum > 0) {
      velocity[i] = momentum * velocity[i] + step;
      p[i] -= velocity[i];
    } else p[i] -= step;
  }
}

export function adamUpdate(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  step: number,
  weightDecay: number,
): void {
  const c1 = 1 - Math.pow(beta1, step);
  const c2 = 1 - Math.pow(beta2, step);
  for (let i = 0; i < p.length; i++) {
    if (weightDecay > 0) p[i] -= lr * weightDecay * p[i];
    const mi = beta1 * m[i] + (1 - beta1) * g[i];
    const vi = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
    m[i] = mi;
    v[i] = vi;
    p[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
  }
}

export function adagradUpdate(p: FloatArray, g: FloatArray, s: FloatArray, lr: number, epsilon: number): void {
  for (let i = 0; i < p.length; i++) {
    s[i] += g[i] * g[i];
    p[i] -= (lr * g[i]) / (Math.sqrt(s[i]) + epsilon);
  }
}
