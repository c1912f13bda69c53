import { ConfigError } from '../index.js';
import { readCsv, type CsvTable } from './csv-table.js';
import { applyScaler, type CliMetadata } from './model-bundle.js';
import { tableData } from './table-data.js';
import { encodeTargets } from './task.js';

/** A CSV read for a saved model: its feature columns in training order, scaled as in training. */
export interface ModelData {
  readonly table: CsvTable;
  /** Features in the file's units. */
  readonly raw: number[][];
  /** Features as the model sees them (scaled). */
  readonly x: number[][];
  /** Target cells and their encoding, when the target was asked for. */
  readonly targets?: string[];
  /** The targets as the model sees them: class ids or one-hot rows, or numbers (standardized with a target scaler). */
  readonly y?: number[] | number[][];
  /** Regression: the targets in the file's units. */
  readonly values?: number[];
  /** Indices into table.rows of the rows used. */
  readonly kept: number[];
  readonly dropped: number;
}

/** Reads `path` for a model: the saved feature columns (and the target column with `withTarget`). */
export function modelData(
  metadata: CliMetadata,
  path: string,
  options: { withTarget: boolean; dropMissing?: boolean },
): ModelData {
  if (metadata.images)
    throw new ConfigError({
      where: path,
      expected: 'images for a model trained on images, not a CSV file',
      received: `a model of ${metadata.images.height}×${metadata.images.width}×${metadata.images.channels} images`,
      hint: 'strata predict --images DIR (class subfolders) reports its accuracy; strata plot misclassified draws its errors.',
    });
  if (metadata.series)
    throw new ConfigError({
      where: path,
      expected: 'a model of table rows, not a forecaster',
      received: `a series model (window ${metadata.series.window}, horizon ${metadata.series.horizon})`,
      hint: 'strata predict --model DIR --data series.csv --steps K continues the series; strata train reports its forecast against the naive one.',
    });
  const table = readCsv(path);
  const data = tableData(table, {
    features: metadata.features,
    target: options.withTarget ? metadata.target : undefined,
    dropMissing: options.dropMissing,
    featureSource: 'the model was trained on',
  });
  const x = applyScaler(data.x, metadata.scaler);
  const rowOf = (i: number) => `row ${data.kept[i] + 1} (line ${table.lines[data.kept[i]]})`;
  const encoded = data.targets && encodeTargets(data.targets, metadata, path, rowOf);
  const values = metadata.classes === null ? (encoded as number[] | undefined) : undefined;
  const t = metadata.targetScaler;
  const y = values && t ? values.map((v) => (v - t.mean) / t.scale) : encoded;
  return { table, raw: data.x, x, targets: data.targets, y, values, kept: data.kept, dropped: data.dropped };
}

/** Class ids from a classifier's outputs: p ≥ 0.5 for one sigmoid unit, else the arg-max. */
export function predictedIds(probabilities: ArrayLike<number>, units: number): number[] {
  const rows = probabilities.length / units;
  return Array.from({ length: rows }, (_, i) => {
    if (units === 1) return probabilities[i] >= 0.5 ? 1 : 0;
    let best = 0;
    for (let c = 1; c < units; c++) if (probabilities[i * units + c] > probabilities[i * units + best]) best = c;
    return best;
  });
}

/** Class ids of encoded targets (ids, or one-hot rows). */
export function targetIds(y: number[] | number[][]): number[] {
  return y.map((v) => (Array.isArray(v) ? v.indexOf(Math.max(...v)) : v));
}
