import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

const rows = 96;
const batch = 16;
function data(seed = 1) {
  const rng = new st.Rng(seed);
  const x = Array.from({ length: rows }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const y = x.map((r) => (r[0] - r[1] * r[2] > 0 ? 1 : 0));
  return { x, y };
}
const { x, y } = data();

function model(seed = 3) {
  st.setSeed(seed);
  const m = st.sequential({
    layers: [
      st.layers.dense({ units: 8, activation: 'tanh', inputShape: [3] }),
      st.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({
    optimizer: st.optimizers.adam({ learningRate: 0.05 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return m;
}

/** The rows in order, in batches of `batch`, as plain arrays. */
function* batches(from = 0, to = rows) {
  for (let i = from; i < to; i += batch) yield { x: x.slice(i, i + batch), y: y.slice(i, i + batch) };
}
async function* asyncBatches() {
  yield* batches();
}

describe('model.fitDataset', () => {
  it('trains exactly as fit does on the same batches in the same order (losses, metrics and weights)', async () => {
    const a = model();
    const fitted = await a.fit(x, y, { epochs: 4, batchSize: batch, shuffle: false, verbose: 0 });
    const b = model();
    const streamed = await b.fitDataset(asyncBatches, { epochs: 4, verbose: 0 });
    expect(streamed.history).toEqual(fitted.history);
    expect(b.getWeights().map((w) => w.toArray())).toEqual(a.getWeights().map((w) => w.toArray()));
  });

  it('reads arrays of batches and objects that open their source again each epoch', async () => {
    const list = [...batches()];
    const opened: number[] = [];
    const source = {
      [Symbol.asyncIterator]() {
        opened.push(opened.length);
        return asyncBatches();
      },
    };
    const fromArray = await model().fitDataset(list, { epochs: 3, verbose: 0 });
    const fromSource = await model().fitDataset(source, { epochs: 3, verbose: 0 });
    expect(fromSource.history.loss).toEqual(fromArray.history.loss);
    expect(opened).toEqual([0, 1, 2]);
  });

  it('refuses a one-shot iterator for several epochs up front, with the fix; one epoch is fine', async () => {
    await expect(model().fitDataset(asyncBatches(), { epochs: 2, verbose: 0 })).rejects.toThrow(
      /fitDataset\(\): expected a dataset that can be read once per epoch, got an iterator, which is used up after one pass\. Pass the generator function itself/,
    );
    const once = await model().fitDataset(asyncBatches(), { epochs: 1, verbose: 0 });
    expect(once.history.loss).toHaveLength(1);
  });

  it('with batchesPerEpoch reads on from where the last epoch stopped (an endless stream)', async () => {
    const seen: number[] = [];
    async function* endless() {
      for (let i = 0; ; i = (i + batch) % rows) {
        seen.push(i);
        yield { x: x.slice(i, i + batch), y: y.slice(i, i + batch) };
      }
    }
    const history = await model().fitDataset(endless(), { epochs: 3, batchesPerEpoch: 4, verbose: 0 });
    expect(history.history.loss).toHaveLength(3);
    expect(seen.slice(0, 12)).toEqual([0, 16, 32, 48, 64, 80, 0, 16, 32, 48, 64, 80]);
    expect(history.params.steps).toBe(4);
  });

  it('validates on [x, y] or on a dataset, as evaluate would', async () => {
    const { x: vx, y: vy } = data(7);
    const m = model();
    const history = await m.fitDataset(asyncBatches, { epochs: 2, validationData: [vx, vy], verbose: 0 });
    const direct = m.evaluate(vx, vy);
    expect(history.history.val_loss[1]).toBeCloseTo(direct.loss, 6);
    const m2 = model();
    const viaDataset = await m2.fitDataset(asyncBatches, {
      epochs: 2,
      validationData: () => [
        { x: vx.slice(0, 50), y: vy.slice(0, 50) },
        { x: vx.slice(50), y: vy.slice(50) },
      ],
      verbose: 0,
    });
    expect(viaDataset.history.val_loss[1]).toBeCloseTo(m2.evaluate(vx, vy).loss, 6);
    expect(viaDataset.history.val_accuracy[1]).toBeCloseTo(m2.evaluate(vx, vy).accuracy, 6);
  });

  it('evaluateDataset weighs batches by their rows, so it equals evaluate on all rows', async () => {
    const m = model();
    await m.fit(x, y, { epochs: 2, verbose: 0 });
    const uneven = [
      { x: x.slice(0, 10), y: y.slice(0, 10) },
      { x: x.slice(10), y: y.slice(10) },
    ];
    const logs = await m.evaluateDataset(uneven);
    const direct = m.evaluate(x, y);
    expect(logs.loss).toBeCloseTo(direct.loss, 6);
    expect(logs.accuracy).toBeCloseTo(direct.accuracy, 6);
  });

  it('runs the callbacks fit runs: batch ends, early stopping, History', async () => {
    const batchEnds: number[] = [];
    const history = await model().fitDataset(asyncBatches, {
      epochs: 50,
      verbose: 0,
      callbacks: [
        { onBatchEnd: (b) => void batchEnds.push(b) },
        st.callbacks.earlyStopping({ monitor: 'loss', patience: 0, minDelta: 10 }),
      ],
    });
    expect(history.history.loss.length).toBeLessThan(50);
    expect(batchEnds.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(history.params.steps).toBe(rows / batch);
  });

  it('names the epoch and batch of a bad batch, and refuses an empty dataset and a used-up one', async () => {
    const bad = async function* () {
      yield* batches(0, 32);
      yield { x: [[1, 2]], y: [1] };
    };
    await expect(model().fitDataset(bad, { verbose: 0 })).rejects.toThrow(/fitDataset\(\): epoch 1, batch 3/);
    const noY = async function* () {
      yield { x: [[1, 2, 3]] };
    };
    await expect(model().fitDataset(noY as never, { verbose: 0 })).rejects.toThrow(
      /fitDataset\(\): epoch 1, batch 1: expected a batch \{ x, y \}, got an object with keys x/,
    );
    await expect(model().fitDataset([], { verbose: 0 })).rejects.toThrow(/expected a dataset with at least one batch/);
    const generator = batches();
    const sneaky = { [Symbol.iterator]: () => generator };
    await expect(model().fitDataset(sneaky, { epochs: 2, verbose: 0 })).rejects.toThrow(
      /epoch 2: expected batches in every epoch, got none: the dataset was used up by the first epoch/,
    );
    await expect(model().fitDataset(42 as never)).rejects.toThrow(st.ConfigError);
    await expect(model().fitDataset(asyncBatches, { epoch: 2 } as never)).rejects.toThrow(/Did you mean 'epochs'/);
  });

  it('keeps the model busy while it runs, as fit does', async () => {
    const m = model();
    const running = m.fitDataset(asyncBatches, { epochs: 3, verbose: 0 });
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(st.StateError);
    await running;
  });
});
