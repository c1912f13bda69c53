import { ConfigError, DataError, ShapeError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { formatShape } from '../../core/shape.js';
import { Tensor, tensor, zeros, type TensorLike } from '../../tensor/tensor.js';
import { booleanOption, describeValue, resolveRng } from '../data-options.js';
import { checkOptionsObject } from '../../core/options.js';

export interface TrainTestSplitOptions {
  /** A share of the rows in (0, 1), rounded up, or a whole number of rows (default 0.25). */
  testSize?: number;
  /** Shuffle before splitting (default true); without it the last rows are the test set. */
  shuffle?: boolean;
  /** Keep each class's share of the rows in both parts, reading classes from y (default false). */
  stratify?: boolean;
  /** Seeds the shuffle; without it a generator is forked from the global one. */
  seed?: number;
}

export interface TrainTestSplit {
  readonly xTrain: Tensor;
  readonly xTest: Tensor;
  readonly yTrain: Tensor;
  readonly yTest: Tensor;
}

/**
 * Splits x and y, row by row, into a training and a test part, as scikit-learn's `train_test_split`. With
 * `stratify`, classes are read from y (ids in one column, or the largest column of one-hot rows) and every class keeps
 * its share in both parts; each class then needs at least two rows.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.blobs({ samples: 100, seed: 0 });
 * const { xTrain, xTest, yTrain, yTest } = st.data.trainTestSplit(x, y, { testSize: 0.2, stratify: true, seed: 0 });
 * console.log(xTrain.shape, xTest.shape, yTrain.shape, yTest.shape); // [80, 2] [20, 2] [80, 1] [20, 1]
 * ```
 */
export function trainTestSplit(x: TensorLike, y: TensorLike, options: TrainTestSplitOptions = {}): TrainTestSplit {
  const where = 'trainTestSplit()';
  checkOptionsObject(where, options);
  const xs = x instanceof Tensor ? x : tensor(x, undefined, undefined, where);
  const ys = y instanceof Tensor ? y : tensor(y, undefined, undefined, where);
  if (xs.rank === 0 || ys.rank === 0 || xs.shape[0] !== ys.shape[0])
    throw new ShapeError({
      where,
      expected: 'x and y with the same number of rows',
      received: `x of shape ${formatShape(xs.shape)} and y of shape ${formatShape(ys.shape)}`,
      hint: 'Each row of x needs exactly one row of y.',
    });
  const rows = xs.shape[0];
  const testRows = countTestRows(where, options.testSize ?? 0.25, rows);
  const shuffle = booleanOption(where, 'shuffle', options.shuffle ?? true);
  const stratify = booleanOption(where, 'stratify', options.stratify ?? false);
  if (stratify && !shuffle)
    throw new ConfigError({
      where,
      expected: 'shuffle: true with stratify: true',
      received: 'shuffle: false',
      hint: "A stratified split draws each class's test rows at random; drop stratify for an ordered split.",
    });
  let train: Int32Array;
  let test: Int32Array;
  if (!shuffle) {
    train = Int32Array.from({ length: rows - testRows }, (_, i) => i);
    test = Int32Array.from({ length: testRows }, (_, i) => rows - testRows + i);
  } else {
    const rng = resolveRng(where, options.seed);
    if (stratify) [train, test] = stratifiedIndices(where, rng, classesOf(ys), testRows);
    else {
      const order = rng.shuffle(Int32Array.from({ length: rows }, (_, i) => i));
      [test, train] = [order.subarray(0, testRows), order.subarray(testRows)];
    }
  }
  return {
    xTrain: takeRows(xs, train),
    xTest: takeRows(xs, test),
    yTrain: takeRows(ys, train),
    yTest: takeRows(ys, test),
  };
}

function countTestRows(where: string, testSize: unknown, rows: number): number {
  const isShare = typeof testSize === 'number' && testSize > 0 && testSize < 1;
  const isCount = typeof testSize === 'number' && Number.isInteger(testSize) && testSize >= 1;
  if (!isShare && !isCount)
    throw new ConfigError({
      where,
      expected: 'testSize as a share in (0, 1) or a whole number of rows',
      received: describeValue(testSize),
      hint: 'For example testSize: 0.2 (a fifth) or testSize: 100 (rows).',
    });
  const count = isShare ? Math.ceil((testSize as number) * rows) : (testSize as number);
  if (count >= rows)
    throw new ConfigError({
      where,
      expected: `testSize to leave at least one of the ${rows} rows for training`,
      received: `${count} test rows`,
      hint: 'Use a smaller testSize or more data.',
    });
  return count;
}

/** One class key per row: the value of a single column, else the index of the row's largest column. */
function classesOf(y: Tensor): Float64Array {
  const rows = y.shape[0];
  const cols = y.size / rows;
  return Float64Array.from({ length: rows }, (_, r) => {
    if (cols === 1) return y.data[r];
    let best = 0;
    for (let j = 1; j < cols; j++) if (y.data[r * cols + j] > y.data[r * cols + best]) best = j;
    return best;
  });
}

function stratifiedIndices(where: string, rng: Rng, keys: Float64Array, testRows: number): [Int32Array, Int32Array] {
  const byClass = new Map<number, number[]>();
  keys.forEach((k, r) => {
    const members = byClass.get(k);
    if (members) members.push(r);
    else byClass.set(k, [r]);
  });
  const groups = [...byClass.entries()].sort(([a], [b]) => a - b);
  const rows = keys.length;
  const smallest = groups.reduce((min, g) => (g[1].length < min[1].length ? g : min));
  if (smallest[1].length < 2)
    throw new DataError({
      where,
      expected: 'at least 2 rows of every class to stratify',
      received: `1 row of class ${smallest[0]}`,
      hint: 'Merge or drop the rare class, or split without stratify.',
    });
  if (testRows < groups.length || rows - testRows < groups.length)
    throw new ConfigError({
      where,
      expected: `at least one row per class (${groups.length}) on each side of a stratified split`,
      received: `${rows - testRows} training and ${testRows} test rows`,
      hint: 'Use a testSize closer to 0.5, or more data.',
    });
  // largest remainder: floor each class's share, then hand out what is left; ties go to a random class
  const quotas = groups.map(([, members]) => (testRows * members.length) / rows);
  const counts = quotas.map(Math.floor);
  const byRemainder = rng
    .shuffle(Int32Array.from(groups, (_, i) => i))
    .sort((a, b) => quotas[b] - counts[b] - (quotas[a] - counts[a]));
  const left = testRows - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < left; i++) counts[byRemainder[i]]++;
  const train = new Int32Array(rows - testRows);
  const test = new Int32Array(testRows);
  let [nTrain, nTest] = [0, 0];
  groups.forEach(([, members], c) => {
    const order = rng.shuffle(Int32Array.from(members));
    order.forEach((row, i) => (i < counts[c] ? (test[nTest++] = row) : (train[nTrain++] = row)));
  });
  return [rng.shuffle(train), rng.shuffle(test)];
}

function takeRows(t: Tensor, indices: Int32Array): Tensor {
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0];
  const out = zeros([indices.length, ...t.shape.slice(1)], t.dtype);
  indices.forEach((from, r) => out.data.set(t.data.subarray(from * rowSize, (from + 1) * rowSize), r * rowSize));
  return out;
}
