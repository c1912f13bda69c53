import type { FloatArray } from '../../core/types.js';

export function addRowVector(x: FloatArray, row: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const start = i * cols;
    for (let j = 0; j < cols; j++) out[start + j] = x[start + j] + row[j];
  }
}

export function sumRows(x: FloatArray, out: FloatArray, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const start = i * cols;
    for (let j = 0; j < cols; j++) out[j] += x[start + j];
  }
}
