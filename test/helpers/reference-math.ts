// Reference math the tests check the library against, written independently of it (no series, no shared code)

// 1.6732632423543772848…, 1.0507009873554804934… (Klambauer et al. 2017), rounded to float64
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/** 2/√π ∫ₐᵇ e^{−t²} dt by composite Simpson: an independent check on the library's series / continued fraction. */
export function erfIntegral(a: number, b: number): number {
  const n = 20_000;
  const h = (b - a) / n;
  let sum = Math.exp(-a * a) + Math.exp(-b * b);
  for (let i = 1; i < n; i++) {
    const t = a + i * h;
    sum += (i % 2 === 1 ? 4 : 2) * Math.exp(-t * t);
  }
  return ((2 / Math.sqrt(Math.PI)) * sum * h) / 3;
}

/** Φ(x), the standard normal CDF; the lower tail is integrated directly so it keeps its relative accuracy. */
export function normalCdf(x: number): number {
  const u = x / Math.SQRT2;
  return u >= 0 ? 0.5 * (1 + erfIntegral(0, u)) : 0.5 * erfIntegral(-u, -u + 10);
}

export const normalPdf = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
export const sigmoidRef = (x: number): number => 1 / (1 + Math.exp(-x));
