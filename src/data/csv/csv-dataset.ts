import { ConfigError, DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { didYouMean, unknownOption } from '../../core/suggest.js';
import type { DType } from '../../core/types.js';
import { zeros, type Tensor } from '../../tensor/tensor.js';
import { intOption, resolveDtype } from '../data-options.js';
import { CsvRecords, type CsvRecord } from './csv-records.js';
import { textChunks, type TextSource } from './text-chunks.js';

export interface CsvDatasetOptions {
  /** The column to predict, by name or index (default: the last column). */
  target?: string | number;
  /** The input columns by name (default: every column but the target). */
  features?: readonly string[];
  /** Rows per batch (default 32). */
  batchSize?: number;
  /** Shuffle within a window of this many rows, reseeded each pass (default 0: file order), as TF.js' shuffle. */
  shuffleBuffer?: number;
  /** Seeds the shuffle (default 0). */
  seed?: number;
  /** Standardize each feature with its mean and std from a first pass over the file (default false). */
  standardize?: boolean;
  /** Cell separator (default ','). */
  delimiter?: string;
  dtype?: DType;
}

/** Per-feature statistics of a standardized CSV dataset: x is fed as (x − mean) / scale. */
export interface CsvScaler {
  readonly features: readonly string[];
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

const KEYS = ['target', 'features', 'batchSize', 'shuffleBuffer', 'seed', 'standardize', 'delimiter', 'dtype'];

/** A CSV file read in batches of `{ x, y }` tensors, opened again for each pass: what `model.fitDataset` takes. */
export class CsvDataset implements AsyncIterable<{ x: Tensor; y: Tensor }> {
  readonly #where = 'csvDataset()';
  #scaler?: Promise<CsvScaler>;
  #pass = 0;

  constructor(
    readonly source: TextSource,
    readonly options: Required<Omit<CsvDatasetOptions, 'target' | 'features'>> &
      Pick<CsvDatasetOptions, 'target' | 'features'>,
  ) {}

  /** The features' means and scales from a full pass (computed once); identity when not standardizing. */
  scaler(): Promise<CsvScaler> {
    return (this.#scaler ??= this.#fitScaler());
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<{ x: Tensor; y: Tensor }> {
    const { batchSize, shuffleBuffer, dtype } = this.options;
    const scaler = this.options.standardize ? await this.scaler() : undefined;
    const rng = new Rng(this.options.seed + this.#pass++);
    const buffer: Float64Array[] = [];
    let pending: Float64Array[] = [];
    const take = (row: Float64Array) => {
      pending.push(row);
      if (pending.length < batchSize) return undefined;
      const rows = pending;
      pending = [];
      return rows;
    };
    const toBatch = (rows: Float64Array[]) => this.#batch(rows, dtype, scaler);
    for await (const chunk of this.#rows())
      for (const row of chunk) {
        let out = row;
        if (shuffleBuffer > 0) {
          if (buffer.length < shuffleBuffer) {
            buffer.push(row);
            continue;
          }
          const i = rng.int(shuffleBuffer);
          out = buffer[i];
          buffer[i] = row;
        }
        const rows = take(out);
        if (rows) yield toBatch(rows);
      }
    for (let i = buffer.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [buffer[i], buffer[j]] = [buffer[j], buffer[i]];
    }
    for (const row of buffer) {
      const rows = take(row);
      if (rows) yield toBatch(rows);
    }
    if (pending.length > 0) yield toBatch(pending);
  }

  #batch(rows: Float64Array[], dtype: DType, scaler: CsvScaler | undefined): { x: Tensor; y: Tensor } {
    const width = rows[0].length - 1;
    const x = zeros([rows.length, width], dtype);
    const y = zeros([rows.length, 1], dtype);
    rows.forEach((row, r) => {
      for (let j = 0; j < width; j++)
        x.data[r * width + j] = scaler ? (row[j] - scaler.mean[j]) / scaler.scale[j] : row[j];
      y.data[r] = row[width];
    });
    return { x, y };
  }

  async #fitScaler(): Promise<CsvScaler> {
    // Welford's running mean and variance: one pass, no cancellation
    let n = 0;
    let mean: Float64Array | undefined;
    let m2: Float64Array | undefined;
    let names: readonly string[] = [];
    for await (const chunk of this.#rows((features) => (names = features)))
      for (const row of chunk) {
        mean ??= new Float64Array(row.length - 1);
        m2 ??= new Float64Array(row.length - 1);
        n++;
        for (let j = 0; j < mean.length; j++) {
          const delta = row[j] - mean[j];
          mean[j] += delta / n;
          m2[j] += delta * (row[j] - mean[j]);
        }
      }
    if (!mean || !m2) throw this.#empty();
    const scale = Array.from(m2, (v) => (v / n > 1e-24 ? Math.sqrt(v / n) : 1));
    return { features: names, mean: Array.from(mean), scale };
  }

  #empty(): DataError {
    return new DataError({
      where: this.#where,
      expected: 'a header line and at least one row of data',
      received: 'none',
      hint: 'Check that the file is the CSV you meant, with its column names on the first line.',
    });
  }

  /** The file's rows as [features…, target] numbers, checked cell by cell; a list per chunk of the file. */
  async *#rows(onHeader?: (features: readonly string[]) => void): AsyncGenerator<Float64Array[]> {
    const where = this.#where;
    const name = typeof this.source === 'string' ? this.source : 'the CSV';
    const parser = new CsvRecords(this.options.delimiter);
    let columns: number[] | undefined;
    let header: string[] = [];
    let any = false;
    const read = (record: CsvRecord): Float64Array | undefined => {
      if (columns === undefined) {
        header = record.cells.map((c) => c.trim());
        columns = this.#columns(header);
        onHeader?.(columns.slice(0, -1).map((c) => header[c]));
        return undefined;
      }
      if (record.cells.length !== header.length)
        throw new DataError({
          where: `${where}: ${name}, line ${record.line}`,
          expected: `${header.length} cells, as the header has`,
          received: `${record.cells.length}`,
          hint: 'Fix the row (a missing or extra delimiter, or an unclosed quote before it).',
        });
      const row = new Float64Array(columns.length);
      for (let j = 0; j < columns.length; j++) {
        const text = record.cells[columns[j]];
        // Number('') and Number(' ') are 0: a blank cell is missing, not zero
        const value = Number(text);
        if (!Number.isFinite(value) || (value === 0 && text.trim() === ''))
          throw new DataError({
            where: `${where}: ${name}, line ${record.line}, column '${header[columns[j]]}'`,
            expected: 'a finite number',
            received: JSON.stringify(text.trim().slice(0, 40)),
            hint: 'Fill or drop rows with missing values, encode text columns as numbers, or leave the column out of features.',
          });
        row[j] = value;
      }
      return row;
    };
    for await (const text of textChunks(this.source, where)) {
      const rows: Float64Array[] = [];
      for (const record of parser.push(text)) {
        const row = read(record);
        if (row) rows.push(row);
      }
      if (rows.length > 0) {
        any = true;
        yield rows;
      }
    }
    if (parser.inQuotes)
      throw new DataError({
        where: `${where}: ${name}`,
        expected: 'every quoted cell closed',
        received: 'a quote still open at the end of the file',
        hint: 'Close the quote, or double a quote inside a quoted cell ("").',
      });
    const last = parser.finish().flatMap((record) => read(record) ?? []);
    if (last.length > 0) {
      any = true;
      yield last;
    }
    if (!any) throw this.#empty();
  }

  /** The header indices of the features, then the target's. */
  #columns(header: readonly string[]): number[] {
    const where = this.#where;
    const find = (what: string, name: string | number): number => {
      const index = typeof name === 'number' ? name : header.indexOf(name);
      if (Number.isInteger(index) && index >= 0 && index < header.length) return index;
      throw new ConfigError({
        where,
        expected: `${what} among the columns ${header.slice(0, 20).join(', ')}${header.length > 20 ? ', …' : ''}`,
        received: JSON.stringify(name),
        hint: didYouMean(String(name), header).trim() || 'Use a column name from the header line, or an index from 0.',
      });
    };
    const target = find('target', this.options.target ?? header.length - 1);
    const features = (this.options.features ?? header.filter((_, i) => i !== target)).map((f) => find('a feature', f));
    if (features.includes(target))
      throw new ConfigError({
        where,
        expected: 'features that leave out the target',
        received: `the target '${header[target]}' among them`,
        hint: 'Remove the target column from features.',
      });
    return [...features, target];
  }
}

/**
 * Streams a CSV file in `{ x, y }` batches for `model.fitDataset`, without holding the file in memory: a path in
 * Node, a File or Blob in a browser. The first line names the columns; every feature and the target must be numbers.
 * Each pass opens the file again; `shuffleBuffer` shuffles within a bounded window; `standardize` scales features
 * with statistics from a first pass (see `scaler()`).
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const csv = 'a,b,label\n0,1,1\n1,0,1\n0,0,0\n1,1,0\n';
 * const rows = st.data.csvDataset(new Blob([csv]), { target: 'label', batchSize: 2 });
 * const model = st.sequential({ layers: [st.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
 * await model.fitDataset(rows, { epochs: 2, verbose: 0 });
 * ```
 */
export function csvDataset(source: TextSource, options: CsvDatasetOptions = {}): CsvDataset {
  const where = 'csvDataset()';
  if (typeof options !== 'object' || options === null)
    throw new ConfigError({
      where,
      expected: 'an options object',
      received: String(options),
      hint: "For example csvDataset('data.csv', { target: 'label', batchSize: 64 }).",
    });
  const unknown = unknownOption(options, KEYS);
  if (unknown) throw new ConfigError({ where, ...unknown });
  if (!(
    typeof source === 'string' ||
    typeof source === 'function' ||
    (typeof Blob !== 'undefined' && source instanceof Blob)
  ))
    throw new ConfigError({
      where,
      expected: 'a file path, a Blob or File, or a function returning a stream of the CSV',
      received: source === null ? 'null' : typeof source,
      hint: "In Node pass the path ('data/big.csv'); in a browser, the File from an <input type=file>.",
    });
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n')
    throw new ConfigError({
      where,
      expected: 'delimiter as one character other than a quote or newline',
      received: JSON.stringify(delimiter),
      hint: "Use ',' (the default), ';', '\\t' or '|'.",
    });
  if (options.features !== undefined && (!Array.isArray(options.features) || options.features.length === 0))
    throw new ConfigError({
      where,
      expected: 'features as a non-empty array of column names',
      received: JSON.stringify(options.features),
      hint: "For example features: ['age', 'income'].",
    });
  return new CsvDataset(source, {
    target: options.target,
    features: options.features,
    batchSize: intOption(where, 'batchSize', options.batchSize ?? 32, 1),
    shuffleBuffer:
      options.shuffleBuffer === undefined ? 0 : intOption(where, 'shuffleBuffer', options.shuffleBuffer, 0),
    seed: options.seed === undefined ? 0 : intOption(where, 'seed', options.seed, 0),
    standardize: options.standardize ?? false,
    delimiter,
    dtype: resolveDtype(where, options.dtype),
  });
}
