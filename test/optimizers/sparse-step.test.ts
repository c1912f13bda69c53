// The sparse step: SGD and Adagrad update only the rows of an embedding table a batch used, with the dense step's
// result bit for bit; the rules whose state decays (momentum, RMSprop, Adam) still step every row
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { Rng } from '../../src/core/rng.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import { selectKernels } from '../../src/kernels/select.js';
import { adagrad } from '../../src/optimizers/adagrad.js';
import { adam } from '../../src/optimizers/adam.js';
import { momentum } from '../../src/optimizers/momentum.js';
import type { Optimizer } from '../../src/optimizers/optimizer.js';
import { rmsprop } from '../../src/optimizers/rmsprop.js';
import { sgd } from '../../src/optimizers/sgd.js';
import { useKernels } from '../../src/tensor/backend.js';
import type { Param } from '../../src/tensor/param.js';
import { Tensor } from '../../src/tensor/tensor.js';

const [ROWS, WIDTH] = [12, 5];

/** A table whose grad is non-zero only on `rows` (each step's), with or without sparseRows. */
function table(dtype: 'float32' | 'float64', sparse: boolean, rows: { current: Int32Array }): Param {
  const rng = new Rng(9);
  const make = () => (dtype === 'float64' ? new Float64Array(ROWS * WIDTH) : new Float32Array(ROWS * WIDTH));
  const value = make().map(() => rng.uniform(-1, 1));
  return {
    name: 'embedding_1/embeddings',
    value: new Tensor(value, [ROWS, WIDTH], dtype),
    grad: new Tensor(make(), [ROWS, WIDTH], dtype),
    trainable: true,
    ...(sparse ? { sparseRows: () => rows.current } : {}),
  };
}

/** Steps a sparse and a dense copy of the same table with the same gradients; returns both after each step. */
function run(make: () => Optimizer, dtype: 'float32' | 'float64', guarded = false, bad?: number) {
  const rows = { current: new Int32Array(0) };
  const [sparse, dense] = [table(dtype, true, rows), table(dtype, false, rows)];
  const other = (): Param => ({
    name: 'dense_1/kernel',
    value: new Tensor(new Float64Array([0.5, -0.5]), [2], 'float64'),
    grad: new Tensor(new Float64Array([0.1, 0.2]), [2], 'float64'),
    trainable: true,
  });
  const [a, b] = [make(), make()];
  const [listA, listB] = [[sparse], [dense]];
  if (dtype === 'float64') {
    listA.push(other());
    listB.push(other());
  }
  const rng = new Rng(3);
  const steps: { sparse: number[]; dense: number[]; results: unknown[] }[] = [];
  for (let step = 0; step < 4; step++) {
    const used = [...new Set([2 * step, 7, (3 * step + 1) % ROWS])].sort((x, y) => x - y);
    rows.current = Int32Array.from(used);
    for (const p of [sparse, dense]) p.grad.data.fill(0);
    for (const r of used)
      for (let j = 0; j < WIDTH; j++) {
        const g = step === 3 && bad !== undefined && r === 7 && j === 1 ? bad : rng.uniform(-2, 2);
        sparse.grad.data[r * WIDTH + j] = dense.grad.data[r * WIDTH + j] = g;
      }
    const results = guarded ? [a.guardedStep!(listA), b.guardedStep!(listB)] : [a.step(listA), b.step(listB)];
    steps.push({ sparse: Array.from(sparse.value.data), dense: Array.from(dense.value.data), results });
  }
  return { steps, sparse, dense, a, b };
}

const backends = [
  ['js', () => jsKernels],
  ['wasm', () => selectKernels({ prefer: 'wasm' })],
] as const;

describe.each(backends)('the sparse step on the %s kernels', (_, kernels) => {
  const exact: [string, () => Optimizer][] = [
    ['sgd', () => sgd({ learningRate: 0.3 })],
    ['sgd with clipNorm', () => sgd({ learningRate: 0.3, clipNorm: 1.5 })],
    ['sgd with clipValue', () => sgd({ learningRate: 0.3, clipValue: 0.5 })],
    ['adagrad', () => adagrad({ learningRate: 0.2 })],
    ['adagrad with clipNorm and no initial accumulator', () => adagrad({ initialAccumulatorValue: 0, clipNorm: 1 })],
  ];
  it.each(exact)('%s updates only the used rows, and equals the dense step bit for bit', (_, make) => {
    const previous = useKernels(kernels());
    try {
      for (const dtype of ['float32', 'float64'] as const) {
        const { steps, a, b, sparse, dense } = run(make, dtype);
        for (const s of steps) expect(s.sparse).toEqual(s.dense);
        // row 11 is never used: untouched by either
        expect(steps[3].sparse.slice(11 * WIDTH)).toEqual(steps[0].sparse.slice(11 * WIDTH));
        const slots = (o: Optimizer, p: Param) => o.slots([p]).map((slot) => Array.from(slot.value));
        expect(slots(a, sparse)).toEqual(slots(b, dense));
      }
    } finally {
      useKernels(previous);
    }
  });

  it.each([
    ['sgd with momentum', () => sgd({ learningRate: 0.3, momentum: 0.9 })],
    ['momentum', () => momentum({ learningRate: 0.3 })],
    ['rmsprop with momentum', () => rmsprop({ learningRate: 0.1, momentum: 0.5 })],
    ['adam', () => adam({ learningRate: 0.1 })],
  ] as [string, () => Optimizer][])('%s still steps every row (its state decays), as the dense step', (_, make) => {
    const previous = useKernels(kernels());
    try {
      const { steps } = run(make, 'float32');
      for (const s of steps) expect(s.sparse).toEqual(s.dense);
      // row 1 is used at step 0 only (the rows are 2·step, 7 and 3·step + 1), and still moves after it
      expect(steps[3].sparse.slice(WIDTH, 2 * WIDTH)).not.toEqual(steps[1].sparse.slice(WIDTH, 2 * WIDTH));
    } finally {
      useKernels(previous);
    }
  });

  it('a guarded step that leaves a used row non-finite puts every param back and names the table', () => {
    const previous = useKernels(kernels());
    try {
      for (const make of [() => sgd({ learningRate: 0.3 }), () => adagrad({ learningRate: 0.2 })]) {
        const { steps, sparse } = run(make, 'float64', true, Infinity);
        const [good, last] = [steps[2], steps[3]];
        expect(last.results[0]).toEqual({ param: sparse, value: expect.any(Number) });
        expect(Number.isFinite((last.results[0] as { value: number }).value)).toBe(false);
        expect(last.results[1]).toMatchObject({ value: (last.results[0] as { value: number }).value });
        expect(last.sparse).toEqual(good.sparse);
        expect(last.dense).toEqual(good.dense);
      }
    } finally {
      useKernels(previous);
    }
  });
});

describe('an Embedding trained with SGD', () => {
  it('gives the same weights whether its table is stepped by rows or whole (wasm kernels, fit)', async () => {
    const train = async (sparse: boolean) => {
      st.setSeed(11);
      const model = st.sequential({
        layers: [
          st.layers.embedding({ inputDim: 300, outputDim: 8, inputShape: [6] }),
          st.layers.lstm({ units: 5 }),
          st.layers.dense({ units: 1 }),
        ],
      });
      model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.5, clipNorm: 1 }), loss: 'meanSquaredError' });
      model.build();
      if (!sparse) delete (model.layers[0].params()[0] as { sparseRows?: unknown }).sparseRows;
      const rng = new Rng(2);
      const x = st.tensor(
        Int32Array.from({ length: 64 * 6 }, () => rng.int(300)),
        [64, 6],
      );
      const y = Array.from({ length: 64 }, () => [rng.uniform(-1, 1)]);
      const before = Array.from(model.getWeights()[0].data);
      await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
      return { before, after: model.getWeights().map((w) => Array.from(w.data)) };
    };
    const [byRows, whole] = [await train(true), await train(false)];
    expect(byRows.after).toEqual(whole.after);
    // the table trained
    const moved = byRows.after[0].filter((v, i) => v !== byRows.before[i]).length;
    expect(moved).toBeGreaterThan(0);
  });
});
