import { ConfigError, data as preprocessing, DataError, type Tensor } from '../index.js';
import type { CsvTable } from './csv-table.js';
import { quoteList } from './did-you-mean.js';
import type { ScalerStats } from './model-bundle.js';
import { columnIndex, isMissing, parseNumber, rowAt } from './table-data.js';

/**
 * The columns of a time series as numbers, one row per step (the file's order is time's order). Every cell must be a
 * number: a gap is an error naming the file, row, line and column, since skipping a row would join two steps that
 * were not neighbours.
 */
export function seriesColumns(table: CsvTable, columns: readonly string[]): number[][] {
  const idx = columns.map((name, i) =>
    columnIndex(table, name, i === 0 ? 'target' : 'feature', i === 0 ? 'Pass --target with one of them.' : undefined),
  );
  return table.rows.map((row, i) =>
    idx.map((j) => {
      const value = parseNumber(row[j]);
      if (value !== undefined) return value;
      const cell = isMissing(row[j]) && row[j] === '' ? 'an empty cell' : `'${row[j]}'`;
      throw new DataError({
        where: table.path,
        expected: `a number at every step of the series column '${table.columns[j]}'`,
        received: `${cell} in ${rowAt(table, i)}, column '${table.columns[j]}'`,
        hint: `A time series needs a number at every step: fill the gap (e.g. with the value before it)${j === idx[0] ? '' : ', or leave the column out of --features'}.`,
      });
    }),
  );
}

/** Where a series of `steps` splits: windows [0, trainWindows) train, [validationStart, windows) validate. */
export interface SeriesSplit {
  /** Windows in the whole series: steps − window − horizon + 1. */
  readonly windows: number;
  readonly trainWindows: number;
  readonly validationStart: number;
  /** The first step any validation window predicts: every training input and target comes before it. */
  readonly cut: number;
}

/**
 * A chronological split: the last `share` of the windows validate, and the training windows end where the validation
 * targets begin (horizon − 1 windows between them are dropped), so no value a validation window predicts was seen in
 * training, not even as a target. Never shuffled across the cut.
 */
export function splitSeries(path: string, steps: number, window: number, horizon: number, share: number): SeriesSplit {
  const windows = steps - window - horizon + 1;
  if (windows < 1)
    throw new ConfigError({
      where: path,
      expected: `a series of at least --window + --horizon = ${window + horizon} steps`,
      received: `${steps} steps`,
      hint: 'Use a shorter --window or --horizon, or a longer series.',
    });
  const validation = share > 0 ? Math.max(1, Math.floor(windows * share)) : 0;
  const trainWindows = validation > 0 ? windows - validation - horizon + 1 : windows;
  if (trainWindows < 1)
    throw new ConfigError({
      where: path,
      expected: 'enough steps for training windows before the validation span',
      received: `${steps} steps: ${windows} windows of ${window} + ${horizon}, ${validation} of them held out`,
      hint: 'Use a shorter --window, a smaller --validation-split, or a longer series.',
    });
  const validationStart = windows - validation;
  return { windows, trainWindows, validationStart, cut: validation > 0 ? validationStart + window : steps };
}

/** Mean and standard deviation of each column over the first `steps` rows (a constant column keeps scale 1). */
export function fitSeriesScaler(rows: readonly (readonly number[])[], steps: number): ScalerStats {
  const fitted = preprocessing.standardScaler().fit(rows.slice(0, steps) as number[][]);
  return { mean: Array.from(fitted.mean!), scale: Array.from(fitted.scale!, (s) => (s > 0 ? s : 1)) };
}

/** Windows [from, to) of the scaled series: x [n, window, columns], y [n, horizon] (the target is column 0). */
export function seriesWindows(
  scaled: readonly (readonly number[])[],
  window: number,
  horizon: number,
  from: number,
  to: number,
): { x: Tensor; y: Tensor } {
  const part = scaled.slice(from, to - 1 + window + horizon) as number[][];
  const { x, y } = preprocessing.timeseriesWindows(part, { window, horizon, target: 0 });
  return { x, y };
}

/** The columns a series model reads: the target first, then the extra features (never the target twice). */
export function seriesInputs(path: string, target: string, features: readonly string[] | undefined): string[] {
  const extra = features ?? [];
  if (extra.includes(target))
    throw new DataError({
      where: path,
      expected: 'extra feature columns other than the series itself',
      received: `the target '${target}' among --features (${quoteList(extra)})`,
      hint: 'The target is always an input of a forecaster; leave it out of --features.',
    });
  return [target, ...extra];
}
