import { DataError, Rng } from '../index.js';
import { csvPieces } from './csv-table.js';
import { applyScaler, type ScalerStats, type TargetScaler } from './model-bundle.js';
import { columnIndex, noUsableRows, parseNumber, rowAt, tableData } from './table-data.js';
import { TargetTally } from './target-tally.js';
import { encodeTargets, type Task } from './task.js';

/** How far the pass under way has got through the file: what the progress line shows. */
export interface PassProgress {
  bytes: number;
  total: number;
  rows: number;
}

/** Which columns of which file, and what to do with rows that have missing values. */
export interface StreamColumns {
  readonly path: string;
  readonly target: string;
  readonly features: readonly string[];
  readonly dropMissing: boolean;
}

/** One pass over a file before training: everything the in-memory path reads off the loaded table. */
export interface Scan {
  readonly features: string[];
  /** Rows kept (without missing values, or all of them), and those skipped. */
  readonly rows: number;
  readonly dropped: number;
  readonly bytes: number;
  readonly tally: TargetTally;
  /** Per-feature mean and population std (1 for a constant column), for --standardize. */
  readonly scaler: ScalerStats;
  /** The target's mean and population std, when every target cell is a number. */
  readonly targetStats: TargetScaler | null;
}

/** Welford's running mean and variance over columns: one pass, no cancellation. */
class Moments {
  n = 0;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  constructor(width: number) {
    this.mean = new Float64Array(width);
    this.m2 = new Float64Array(width);
  }
  add(row: readonly number[]): void {
    this.n++;
    for (let j = 0; j < row.length; j++) {
      const delta = row[j] - this.mean[j];
      this.mean[j] += delta / this.n;
      this.m2[j] += delta * (row[j] - this.mean[j]);
    }
  }
  stats(): ScalerStats {
    const scale = Array.from(this.m2, (m2, j) => {
      const std = Math.sqrt(m2 / this.n);
      // as StandardScaler: a column constant up to rounding keeps scale 1
      return std > Number.EPSILON * Math.max(1, Math.abs(this.mean[j])) ? std : 1;
    });
    return { mean: Array.from(this.mean), scale };
  }
}

/**
 * Reads the file once: the feature columns (all but the target unless named), the target's tally for task
 * detection, the features' and target's statistics, and the row count, with the loaded path's errors (file, row,
 * line, column) and --drop-missing.
 */
export function scanCsv(
  columns: Omit<StreamColumns, 'features'> & { features?: readonly string[] },
  onProgress: (p: PassProgress) => void,
): Scan {
  const { path, target } = columns;
  const tally = new TargetTally();
  const progress: PassProgress = { bytes: 0, total: 0, rows: 0 };
  let features = columns.features as string[] | undefined;
  let moments: Moments | undefined;
  const targetMoments = new Moments(1);
  let total = 0;
  const pieces = csvPieces(path, {
    onProgress: (read, size) => {
      [progress.bytes, progress.total] = [read, size];
      onProgress(progress);
    },
  });
  let summary;
  for (let next = pieces.next(); ; next = pieces.next()) {
    if (next.done) {
      summary = next.value;
      break;
    }
    const table = next.value;
    if (features === undefined) {
      columnIndex(table, target, 'target', 'Pass --target with one of them.');
      features = table.columns.filter((c) => c !== target);
    }
    if (features.includes(target) || features.length === 0)
      throw new DataError({
        where: path,
        expected: 'feature columns other than the target',
        received: features.length === 0 ? 'only the target column' : `the target '${target}' among --features`,
        hint: 'Leave the target out of --features.',
      });
    const data = tableData(table, { features, target, dropMissing: columns.dropMissing, allowEmpty: true });
    moments ??= new Moments(features.length);
    data.x.forEach((row, i) => {
      moments!.add(row);
      const cell = data.targets![i];
      tally.add(cell, () => rowAt(table, data.kept[i]));
      const value = parseNumber(cell);
      if (value !== undefined) targetMoments.add([value]);
    });
    total += table.rows.length;
    progress.rows += data.x.length;
  }
  if (progress.rows === 0) throw noUsableRows(path, total);
  const t = targetMoments.stats();
  return {
    features: features!,
    rows: progress.rows,
    dropped: total - progress.rows,
    bytes: summary.bytes,
    tally,
    scaler: moments!.stats(),
    targetStats: tally.firstText === undefined ? { mean: t.mean[0], scale: t.scale[0] } : null,
  };
}

/** How a stream of rows is scaled and encoded: as the in-memory path does it. */
export interface StreamEncoding {
  readonly task: Task;
  readonly scaler: ScalerStats | null;
  readonly targetScaler: TargetScaler | null;
}

/** A piece of the file as the model sees it: scaled features, encoded targets, and the targets in file units. */
export interface EncodedPiece {
  readonly x: number[][];
  readonly y: number[] | number[][];
  /** Regression: the targets as numbers, unscaled. */
  readonly values?: number[];
}

/**
 * The kept rows [from, to) of a CSV file, a piece at a time, scaled and encoded; `progress` follows the pass (bytes
 * of the file, rows handed out). Opens the file again on each call.
 */
export function* encodedPieces(
  columns: StreamColumns,
  encoding: StreamEncoding,
  range: { from: number; to: number },
  progress?: PassProgress,
): Generator<EncodedPiece> {
  const { path, features, target, dropMissing } = columns;
  let k = 0;
  const pieces = csvPieces(path, {
    onProgress: (read, size) => progress && ([progress.bytes, progress.total] = [read, size]),
  });
  try {
    for (let next = pieces.next(); !next.done && k < range.to; next = pieces.next()) {
      const table = next.value;
      // without --drop-missing every row is kept (the scan checked them all): a piece before the range is only counted
      if (!dropMissing && k + table.rows.length <= range.from) {
        k += table.rows.length;
        continue;
      }
      const data = tableData(table, { features, target, dropMissing, allowEmpty: true });
      const first = k;
      k += data.x.length;
      if (k <= range.from) continue;
      const lo = Math.max(0, range.from - first);
      const hi = Math.min(data.x.length, range.to - first);
      const kept = data.kept.slice(lo, hi);
      const rowOf = (i: number) => rowAt(table, kept[i]);
      const encoded = encodeTargets(data.targets!.slice(lo, hi), encoding.task, path, rowOf);
      const t = encoding.targetScaler;
      const values = encoding.task.classes === null ? (encoded as number[]) : undefined;
      const y = values && t ? values.map((v) => (v - t.mean) / t.scale) : encoded;
      if (progress) progress.rows += kept.length;
      yield { x: applyScaler(data.x.slice(lo, hi), encoding.scaler), y, values };
    }
  } finally {
    pieces.return(undefined as never);
  }
}

/** Rows in batches for fitDataset, shuffled within a bounded window (reseeded each pass); re-read on each iteration. */
export class StreamBatches implements AsyncIterable<{ x: number[][]; y: number[] | number[][] }> {
  #pass = 0;

  constructor(
    readonly columns: StreamColumns,
    readonly encoding: StreamEncoding,
    readonly options: {
      readonly range: { from: number; to: number };
      readonly batchSize: number;
      readonly shuffleBuffer: number;
      readonly seed: number;
      readonly progress?: PassProgress;
    },
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<{ x: number[][]; y: number[] | number[][] }> {
    const { batchSize, shuffleBuffer, progress } = this.options;
    const rng = new Rng(this.options.seed + this.#pass++);
    if (progress) [progress.bytes, progress.rows] = [0, 0];
    type Row = [number[], number | number[]];
    const buffer: Row[] = [];
    let pending: Row[] = [];
    const batch = (rows: Row[]) => ({ x: rows.map((r) => r[0]), y: rows.map((r) => r[1]) as number[] | number[][] });
    for (const piece of encodedPieces(this.columns, this.encoding, this.options.range, progress))
      for (let i = 0; i < piece.x.length; i++) {
        let row: Row = [piece.x[i], piece.y[i]];
        if (shuffleBuffer > 0) {
          if (buffer.length < shuffleBuffer) {
            buffer.push(row);
            continue;
          }
          const j = rng.int(shuffleBuffer);
          [row, buffer[j]] = [buffer[j], row];
        }
        pending.push(row);
        if (pending.length === batchSize) {
          yield batch(pending);
          pending = [];
        }
      }
    for (let i = buffer.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [buffer[i], buffer[j]] = [buffer[j], buffer[i]];
    }
    for (const row of buffer) {
      pending.push(row);
      if (pending.length === batchSize) {
        yield batch(pending);
        pending = [];
      }
    }
    if (pending.length > 0) yield batch(pending);
  }
}
