import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

/** A callback host that replays a scripted sequence of epoch logs, so the callbacks' state machines are tested alone. */
async function replay(callback: st.Callback, values: number[], key = 'val_loss', lr = 0.1) {
  const weights = [st.tensor([0])];
  const history = new st.History({ epochs: values.length, steps: 1, samples: 1 });
  const ctx: st.TrainContext = {
    stopTraining: false,
    getWeights: () => weights.map((w) => w.clone()),
    setWeights: (w) => weights.splice(0, 1, w[0].clone()),
    optimizer: { learningRate: lr },
    save: async () => {},
    history,
  };
  const seen: { epoch: number; lr: number }[] = [];
  let last: st.Logs = {};
  await callback.onTrainBegin?.(ctx);
  for (let epoch = 0; epoch < values.length && !ctx.stopTraining; epoch++) {
    await callback.onEpochBegin?.(epoch, ctx);
    weights[0] = st.tensor([epoch]);
    last = { [key]: values[epoch] };
    await callback.onEpochEnd?.(epoch, last, ctx);
    seen.push({ epoch, lr: ctx.optimizer.learningRate });
  }
  await callback.onTrainEnd?.(last, ctx);
  return { seen, history, weight: weights[0].data[0], lr: ctx.optimizer.learningRate, last };
}

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement and records the best epoch', async () => {
    const r = await replay(st.callbacks.earlyStopping({ patience: 2 }), [5, 4, 3, 3.5, 3.2, 3.1, 1]);
    expect(r.seen.map((s) => s.epoch)).toEqual([0, 1, 2, 3, 4]);
    expect(r.history.bestEpoch).toBe(2);
  });

  it('restores the best weights at the end of training', async () => {
    const r = await replay(st.callbacks.earlyStopping({ patience: 1, restoreBestWeights: true }), [3, 1, 2, 2]);
    expect(r.weight).toBe(1);
  });

  it('restores the best weights even when training ends without stopping', async () => {
    const r = await replay(st.callbacks.earlyStopping({ patience: 10, restoreBestWeights: true }), [3, 1, 2, 2.5]);
    expect(r.seen).toHaveLength(4);
    expect(r.weight).toBe(1);
  });

  it('counts an improvement only beyond minDelta, and watches accuracy upwards in auto mode', async () => {
    const small = await replay(st.callbacks.earlyStopping({ patience: 1, minDelta: 0.1 }), [1, 0.95, 0.93, 0.5]);
    expect(small.seen.map((s) => s.epoch)).toEqual([0, 1]);
    const acc = await replay(
      st.callbacks.earlyStopping({ monitor: 'val_accuracy', patience: 1 }),
      [0.5, 0.6, 0.7, 0.65, 0.6],
      'val_accuracy',
    );
    expect(acc.history.bestEpoch).toBe(2);
    expect(acc.seen).toHaveLength(4);
  });

  it('keeps going until the baseline is beaten, and waits startFromEpoch epochs', async () => {
    // improvements that miss the baseline do not restart the wait (Keras 3)
    const values = [1, 0.9, 0.95, 0.96, 0.97, 0.98];
    const base = await replay(st.callbacks.earlyStopping({ patience: 2, baseline: 0.5 }), values);
    expect(base.seen.map((s) => s.epoch)).toEqual([0, 1, 2]);
    const free = await replay(st.callbacks.earlyStopping({ patience: 2 }), values);
    expect(free.seen.map((s) => s.epoch)).toEqual([0, 1, 2, 3]);
    const late = await replay(st.callbacks.earlyStopping({ patience: 1, startFromEpoch: 3 }), [1, 2, 3, 4, 5, 6]);
    expect(late.seen.map((s) => s.epoch)).toEqual([0, 1, 2, 3, 4]);
  });

  it('says which names it can see when the monitored one is missing', async () => {
    await expect(replay(st.callbacks.earlyStopping(), [1], 'loss')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: earlyStopping(): expected 'val_loss' in the epoch logs, got 'loss'. Validation values need fit({ validationSplit }) or fit({ validationData }).]`,
    );
  });

  it('ends a real fit early, with the best weights and the History saying so', async () => {
    st.setSeed(3);
    const { x, y } = st.datasets.circles({ samples: 200, noise: 0.3, seed: 3 });
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 32, activation: 'relu', inputShape: [2] }),
        st.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy' });
    let bestWeights: st.Tensor[] = [];
    let bestLoss = Infinity;
    const history = await model.fit(x, y, {
      epochs: 300,
      batchSize: 16,
      validationSplit: 0.3,
      verbose: 0,
      callbacks: [
        {
          onEpochEnd: (_e, logs, ctx) => {
            if (logs.val_loss < bestLoss) [bestLoss, bestWeights] = [logs.val_loss, ctx.getWeights()];
          },
        },
        st.callbacks.earlyStopping({ patience: 5, restoreBestWeights: true }),
      ],
    });
    expect(history.stoppedEarly).toBe(true);
    expect(history.epoch.length).toBeLessThan(300);
    expect(history.stoppedEpoch).toBe(history.epoch.at(-1));
    expect(history.history.val_loss[history.bestEpoch!]).toBe(Math.min(...history.history.val_loss));
    expect(model.getWeights().map((w) => w.toArray())).toEqual(bestWeights.map((w) => w.toArray()));
  });
});

describe('reduceLROnPlateau', () => {
  it('multiplies the rate by factor after patience epochs, honours cooldown and minLr, and logs it', async () => {
    const cb = st.callbacks.reduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, minLr: 0.03 });
    const r = await replay(cb, [1, 1, 1, 1, 1, 1, 1, 1]);
    // e2: 2 epochs without improvement → 0.05; e3 cooldown; e4 → max(0.025, minLr)
    expect(r.seen.map((s) => s.lr)).toEqual([0.1, 0.1, 0.05, 0.05, 0.03, 0.03, 0.03, 0.03]);
    expect(r.last.learning_rate).toBe(0.03);
  });

  it('rejects a factor of 1 or more', () => {
    expect(() => st.callbacks.reduceLROnPlateau({ factor: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: reduceLROnPlateau(): expected factor in (0, 1), got 1. factor multiplies the learning rate: 0.5 halves it.]`,
    );
  });
});

describe('learningRateScheduler', () => {
  it('sets the rate at the start of each epoch from (epoch, rate)', async () => {
    const r = await replay(
      st.callbacks.learningRateScheduler((epoch, lr) => (epoch === 2 ? lr / 10 : lr)),
      [1, 1, 1, 1],
    );
    expect(r.seen.map((s) => s.lr)).toEqual([0.1, 0.1, 0.01, 0.01]);
  });
});

describe('terminateOnNaN', () => {
  it('ends a diverging fit quietly with the last finite weights and the History so far', async () => {
    st.setSeed(4);
    const model = st.sequential({
      layers: [st.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), st.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: 1e6 }), loss: 'meanSquaredError' });
    const x = Array.from({ length: 64 }, (_, i) => [i, -i]);
    const lines: string[] = [];
    const history = await model.fit(
      x,
      x.map(([a]) => a * 100),
      {
        epochs: 50,
        batchSize: 16,
        shuffle: false,
        verbose: 0,
        callbacks: [st.callbacks.terminateOnNaN((line) => lines.push(line))],
      },
    );
    expect(history.stoppedEarly).toBe(true);
    expect(history.epoch.length).toBeLessThan(50);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Batch \d+: invalid loss, terminating training/);
    for (const w of model.getWeights()) expect(w.data.every(Number.isFinite)).toBe(true);
  });
});

describe('csvLogger', () => {
  it('writes a header and one row per epoch, flushed as it goes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'strata-')), 'log.csv');
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
    let rowsDuring = 0;
    await model.fit([[1], [2], [3], [4]], [2, 4, 6, 8], {
      epochs: 3,
      verbose: 0,
      validationSplit: 0.25,
      callbacks: [
        st.callbacks.csvLogger(path),
        { onEpochEnd: () => void (rowsDuring = readFileSync(path, 'utf8').trim().split('\n').length) },
      ],
    });
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('epoch,loss,mae,val_loss,val_mae');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^2,[\d.e-]+,[\d.e-]+,[\d.e-]+,[\d.e-]+$/);
    expect(rowsDuring).toBe(4);
  });
});
