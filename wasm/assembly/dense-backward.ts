// A dense layer's backward pass in one call from the host: on small layers the per-call glue costs more than the
// arithmetic, so the activation derivative, both products and the bias sum share one crossing
import { gemm } from './gemm';
import { reluBackward, sigmoidBackward, tanhBackward } from './elementwise';
import { sumRows } from './rows';

/**
 * g = dy ⊙ act'(a) into dz (act 1 relu, 2 sigmoid, 3 tanh; 0 linear: g = dy, dz untouched), then dW[k×n] = xᵀ·g,
 * db[n] = Σ_rows g (db 0: none) and dx[m×k] = g·Wᵀ (dx 0: none).
 */
export function denseBackward(
  x: usize,
  a: usize,
  dy: usize,
  dz: usize,
  w: usize,
  dW: usize,
  db: usize,
  dx: usize,
  m: i32,
  k: i32,
  n: i32,
  act: i32,
): void {
  let g = dy;
  if (act != 0) {
    if (act == 1) reluBackward(a, dy, dz, m * n);
    else if (act == 2) sigmoidBackward(a, dy, dz, m * n);
    else tanhBackward(a, dy, dz, m * n);
    g = dz;
  }
  gemm(x, g, dW, k, m, n, true, false, false);
  if (db != 0) sumRows(g, db, m, n);
  if (dx != 0) gemm(g, w, dx, m, n, k, false, true, false);
}
