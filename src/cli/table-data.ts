import { DataError } from '../index.js';
import type { CsvTable } from './csv-table.js';
import { didYouMean, quoteList } from './did-you-mean.js';

/** Numeric features and (optionally) the raw target cells of the rows that were kept. */
export interface TableData {
  readonly x: number[][];
  /** Target cells as text, one per kept row; absent when no target was asked for. */
  readonly targets?: string[];
  /** Indices into table.rows of the kept rows. */
  readonly kept: number[];
  /** Rows skipped by dropMissing. */
  readonly dropped: number;
}

/** Which columns to read, and what to do with missing values. */
export interface TableDataOptions {
  readonly features: readonly string[];
  readonly target?: string;
  readonly dropMissing?: boolean;
  /** Where to point a user whose file lacks a feature column, e.g. 'the model was trained on'. */
  readonly featureSource?: string;
  /** A piece of a file may have no usable rows (the caller checks the whole file); a whole table must have one. */
  readonly allowEmpty?: boolean;
}

const MISSING = /^(|na|n\/a|nan|null|none|\?)$/i;
// plain decimal numbers only: Number() would also take '0x1f', 'Infinity' and ' '
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** True for the cells read as missing: empty, NA, N/A, NaN, null, none or '?'. */
export const isMissing = (cell: string): boolean => MISSING.test(cell);

/** The number in a cell, or undefined when it is not a plain decimal number. */
export function parseNumber(cell: string): number | undefined {
  return NUMBER.test(cell) ? Number(cell) : undefined;
}

/** The column index of `name`, or a DataError listing the columns there are. */
export function columnIndex(table: CsvTable, name: string, role: string, hint?: string): number {
  const j = table.columns.indexOf(name);
  if (j >= 0) return j;
  throw new DataError({
    where: table.path,
    expected: `a ${role} column '${name}'`,
    received: `the columns ${quoteList(table.columns)}`,
    hint: didYouMean(name, table.columns) || hint,
  });
}

/** Names the i-th row of a table (of a piece of a file: counted from the file's first data row) and its line. */
export const rowAt = (table: CsvTable, i: number): string => `row ${table.firstRow + i + 1} (line ${table.lines[i]})`;

/** The error for a file whose every row has a missing value (with dropMissing). */
export function noUsableRows(path: string, rows: number): DataError {
  return new DataError({
    where: path,
    expected: 'at least one row without missing values',
    received: rows === 1 ? 'one row, with a missing value' : `${rows} rows, each with a missing value`,
    hint: 'Fill in the missing values, or leave out --drop-missing to see which rows have them.',
  });
}

/** The feature columns as numbers and the target column as text, with missing values failing or skipped. */
export function tableData(table: CsvTable, options: TableDataOptions): TableData {
  const source = options.featureSource;
  const featureIdx = options.features.map((name) =>
    columnIndex(
      table,
      name,
      'feature',
      source ? `The model needs the columns ${source}: ${quoteList(options.features)}.` : undefined,
    ),
  );
  const targetIdx = options.target === undefined ? undefined : columnIndex(table, options.target, 'target');
  const used = targetIdx === undefined ? featureIdx : [...featureIdx, targetIdx];
  const x: number[][] = [];
  const targets: string[] = [];
  const kept: number[] = [];
  table.rows.forEach((row, i) => {
    const gap = used.find((j) => isMissing(row[j]));
    if (gap !== undefined) {
      if (options.dropMissing) return;
      throw new DataError({
        where: table.path,
        expected: 'a value in every cell of the columns used',
        received: `${row[gap] === '' ? 'an empty cell' : `'${row[gap]}'`} in ${rowAt(table, i)}, column '${table.columns[gap]}'`,
        hint: 'Fill it in, or pass --drop-missing to skip rows with missing values.',
      });
    }
    x.push(
      featureIdx.map((j) => {
        const value = parseNumber(row[j]);
        if (value === undefined)
          throw new DataError({
            where: table.path,
            expected: `a number in feature column '${table.columns[j]}'`,
            received: `'${row[j]}' in ${rowAt(table, i)}`,
            hint: 'Feature columns must hold numbers: encode categories as numbers, or leave the column out with --features.',
          });
        return value;
      }),
    );
    if (targetIdx !== undefined) targets.push(row[targetIdx]);
    kept.push(i);
  });
  if (x.length === 0 && !options.allowEmpty) throw noUsableRows(table.path, table.rows.length);
  return { x, targets: targetIdx === undefined ? undefined : targets, kept, dropped: table.rows.length - kept.length };
}
