// batch normalization over [rows, cols], two columns at a time in float64 lanes (statistics and the
// normalized values cancel, so they are computed in double precision as the TypeScript reference does)
import { at, ld2, st2 } from './simd';

export function batchNormTrain(
  x: usize,
  gamma: usize,
  beta: usize,
  out: usize,
  xHat: usize,
  mean: usize,
  variance: usize,
  invStd: usize,
  rows: i32,
  cols: i32,
  epsilon: f64,
): void {
  const n = f64x2.splat(<f64>rows);
  for (let j = 0; j < cols; j += 2) {
    const r = cols - j;
    let sum = f64x2.splat(0);
    for (let i = 0; i < rows; i++) sum = f64x2.add(sum, ld2(x + at(i * cols + j), r));
    const mu = f64x2.div(sum, n);
    let sq = f64x2.splat(0);
    for (let i = 0; i < rows; i++) {
      const d = f64x2.sub(ld2(x + at(i * cols + j), r), mu);
      sq = f64x2.add(sq, f64x2.mul(d, d));
    }
    const v = f64x2.div(sq, n);
    const inv = f64x2.div(f64x2.splat(1), f64x2.sqrt(f64x2.add(v, f64x2.splat(epsilon))));
    st2(mean + at(j), mu, r);
    st2(variance + at(j), v, r);
    st2(invStd + at(j), inv, r);
    const g = ld2(gamma + at(j), r);
    const b = ld2(beta + at(j), r);
    for (let i = 0; i < rows; i++) {
      const o = at(i * cols + j);
      const h = f64x2.mul(f64x2.sub(ld2(x + o, r), mu), inv);
      st2(xHat + o, h, r);
      st2(out + o, f64x2.add(f64x2.mul(g, h), b), r);
    }
  }
}

export function batchNormInfer(
  x: usize,
  gamma: usize,
  beta: usize,
  movingMean: usize,
  movingVariance: usize,
  out: usize,
  rows: i32,
  cols: i32,
  epsilon: f64,
): void {
  for (let j = 0; j < cols; j += 2) {
    const r = cols - j;
    const sd = f64x2.sqrt(f64x2.add(ld2(movingVariance + at(j), r), f64x2.splat(epsilon)));
    const scale = f64x2.div(ld2(gamma + at(j), r), sd);
    const shift = f64x2.sub(ld2(beta + at(j), r), f64x2.mul(ld2(movingMean + at(j), r), scale));
    for (let i = 0; i < rows; i++) {
      const o = at(i * cols + j);
      st2(out + o, f64x2.add(f64x2.mul(ld2(x + o, r), scale), shift), r);
    }
  }
}

/** dx = invStd/N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), with dx̂ = dy·gamma. */
export function batchNormBackward(
  dy: usize,
  xHat: usize,
  gamma: usize,
  invStd: usize,
  dx: usize,
  dGamma: usize,
  dBeta: usize,
  rows: i32,
  cols: i32,
): void {
  const n = f64x2.splat(<f64>rows);
  for (let j = 0; j < cols; j += 2) {
    const r = cols - j;
    let sumDy = f64x2.splat(0);
    let sumDyXHat = f64x2.splat(0);
    for (let i = 0; i < rows; i++) {
      const o = at(i * cols + j);
      const g = ld2(dy + o, r);
      sumDy = f64x2.add(sumDy, g);
      sumDyXHat = f64x2.add(sumDyXHat, f64x2.mul(g, ld2(xHat + o, r)));
    }
    st2(dGamma + at(j), sumDyXHat, r);
    st2(dBeta + at(j), sumDy, r);
    const k = f64x2.div(f64x2.mul(ld2(gamma + at(j), r), ld2(invStd + at(j), r)), n);
    for (let i = 0; i < rows; i++) {
      const o = at(i * cols + j);
      const t = f64x2.sub(f64x2.sub(f64x2.mul(n, ld2(dy + o, r)), sumDy), f64x2.mul(ld2(xHat + o, r), sumDyXHat));
      st2(dx + o, f64x2.mul(k, t), r);
    }
  }
}

/** moving = momentum·moving + (1 − momentum)·batch. */
export function movingAverage(moving: usize, batch: usize, n: i32, momentum: f64): void {
  const m = f64x2.splat(momentum);
  const rest = f64x2.splat(1 - momentum);
  for (let i = 0; i < n; i += 2) {
    const r = n - i;
    st2(moving + at(i), f64x2.add(f64x2.mul(m, ld2(moving + at(i), r)), f64x2.mul(rest, ld2(batch + at(i), r))), r);
  }
}
