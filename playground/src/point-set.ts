// The data the page trains on: points with their labels and train/test flags, whatever their source.

export interface PointSet {
  /** Row-major raw features: two coordinates for a map, more for an uploaded table. */
  readonly x: Float32Array;
  /** Class ids, or targets for regression. */
  readonly y: Float32Array;
  /** 1 where the row is held out for testing. */
  readonly isTest: Uint8Array;
  /** Raw columns per row. */
  readonly cols: number;
  /** Classes; 1 means regression. */
  readonly classes: number;
  readonly columnNames: readonly string[];
  readonly classNames: readonly string[];
  /** The region the map shows: [x1 min, x1 max, x2 min, x2 max] (only meaningful when cols is 2). */
  readonly domain: readonly [number, number, number, number];
  readonly source: 'generated' | 'csv';
  /** Per row: the generator's row number (≥ 0), or -1 − i for the i-th clicked-in point; what erasing records. */
  readonly origin: Int32Array;
}

export const rowCount = (p: PointSet): number => p.y.length;

/** A symmetric square around the points, with a margin, so the map has room around them. */
export function domainOf(x: Float32Array, cols: number): [number, number, number, number] {
  let m = 1;
  for (let i = 0; i < x.length; i += cols) m = Math.max(m, Math.abs(x[i]), Math.abs(x[i + 1]));
  const half = Math.ceil(m * 1.15 * 10) / 10;
  return [-half, half, -half, half];
}
