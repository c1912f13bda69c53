import type { Tensor } from '../../src/tensor/tensor.js';

/** The rows of a [rows, cols] tensor as plain arrays. */
export function rowsOf(t: Tensor): number[][] {
  return t.toArray() as number[][];
}

/** How many rows carry each class id (y as [rows, 1]). */
export function classCounts(y: Tensor): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const v of y.data) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** Mean of column `j` over the rows where `keep(row)` holds. */
export function columnMean(x: Tensor, j: number, keep: (row: number) => boolean = () => true): number {
  const cols = x.shape[1];
  let sum = 0;
  let n = 0;
  for (let r = 0; r < x.shape[0]; r++)
    if (keep(r)) {
      sum += x.data[r * cols + j];
      n++;
    }
  return sum / n;
}

/** Population standard deviation of column `j` over the rows where `keep(row)` holds. */
export function columnStd(x: Tensor, j: number, keep: (row: number) => boolean = () => true): number {
  const mean = columnMean(x, j, keep);
  const cols = x.shape[1];
  let sum = 0;
  let n = 0;
  for (let r = 0; r < x.shape[0]; r++)
    if (keep(r)) {
      sum += (x.data[r * cols + j] - mean) ** 2;
      n++;
    }
  return Math.sqrt(sum / n);
}
