import type { FloatArray } from '../../core/types.js';

/** Loop orders keep the innermost loop on contiguous memory for every transpose mode. */
export function matmul(
  a: FloatArray,
  b: FloatArray,
  out: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  if (!transB) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[p * m + i] : a[i * k + p];
        const bRow = p * n;
        for (let j = 0; j < n; j++) out[row + j] += aip * b[bRow + j];
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      if (transA) for (let p = 0; p < k; p++) sum += a[p * m + i] * b[bRow + p];
      else {
        const aRow = i * k;
        for (let p = 0; p < k; p++) sum += a[aRow + p] * b[bRow + p];
      }
      out[row + j] += sum;
    }
  }
}
