const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The error function to about 1e-15, so GELU's analytic gradient matches finite differences in float64. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (ax > 6) return sign;
  const x2 = ax * ax;
  if (ax < 3) {
    // e^{-x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!: all terms positive, so no cancellation
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
    }
    return sign * TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  // erfc(x) by its continued fraction, evaluated bottom-up
  let t = ax;
  for (let k = 60; k >= 1; k--) t = ax + k / 2 / t;
  return sign * (1 - Math.exp(-x2) / Math.sqrt(Math.PI) / t);
}
