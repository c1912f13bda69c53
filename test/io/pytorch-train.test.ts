import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { runPython, torchPython } from '../helpers/torch-python.js';

const python = torchPython();
const root = mkdtempSync(join(tmpdir(), 'strata-pytorch-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Runs each folder's train_ddp.py main() in one Python process (a group of one, a fresh port each), on the folder's
 * data.json written as data.npz; each run's output follows a line naming its folder.
 */
const TRAIN = `
import importlib.util, json, os, sys
import numpy as np
port, dirs = int(sys.argv[1]), sys.argv[2:]
for i, d in enumerate(dirs):
    data = json.load(open(f"{d}/data.json"))
    y = np.array(data["y"], dtype=np.int64 if data["ids"] else np.float64)
    np.savez(f"{d}/data.npz", x=np.array(data["x"]), y=y)
    sys.modules.pop("model", None)
    spec = importlib.util.spec_from_file_location(f"train_{i}", f"{d}/train_ddp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    os.environ["MASTER_PORT"] = str(port + i)
    sys.argv[:] = ["train_ddp.py", "--data", f"{d}/data.npz", "--epochs", "3", "--batch-size", str(len(y)), "--out", f"{d}/trained.safetensors"]
    print("==", d, flush=True)
    module.main()
`;

interface Case {
  name: string;
  loss: string;
  optimizer: () => st.Optimizer;
  output: { units: number; activation: st.ActivationName };
  targets: 'values' | 'onehot' | 'ids' | 'binary';
  regularizer?: () => st.Regularizer;
}

const cases: Case[] = [
  {
    name: 'sgd, mse, an l2 kernel penalty',
    loss: 'meanSquaredError',
    optimizer: () => st.optimizers.sgd({ learningRate: 0.1 }),
    output: { units: 2, activation: 'linear' },
    targets: 'values',
    regularizer: () => st.regularizers.l2({ l2: 0.01 }),
  },
  {
    name: "sgd with Keras' nesterov momentum, binary cross-entropy, clipNorm",
    loss: 'binaryCrossentropy',
    optimizer: () => st.optimizers.sgd({ learningRate: 0.2, momentum: 0.9, nesterov: true, clipNorm: 0.5 }),
    output: { units: 1, activation: 'sigmoid' },
    targets: 'binary',
  },
  {
    name: 'momentum, huber, clipValue',
    loss: 'huber',
    optimizer: () => st.optimizers.momentum({ learningRate: 0.05, momentum: 0.8, clipValue: 0.3 }),
    output: { units: 2, activation: 'linear' },
    targets: 'values',
  },
  {
    name: 'rmsprop with momentum, categorical cross-entropy',
    loss: 'categoricalCrossentropy',
    optimizer: () => st.optimizers.rmsprop({ learningRate: 0.01, momentum: 0.5 }),
    output: { units: 3, activation: 'softmax' },
    targets: 'onehot',
  },
  {
    name: 'adam, sparse categorical cross-entropy, an l1l2 penalty',
    loss: 'sparseCategoricalCrossentropy',
    optimizer: () => st.optimizers.adam({ learningRate: 0.01 }),
    output: { units: 3, activation: 'softmax' },
    targets: 'ids',
    regularizer: () => st.regularizers.l1l2({ l1: 0.001, l2: 0.002 }),
  },
  {
    name: 'adamw, mean absolute error',
    loss: 'meanAbsoluteError',
    optimizer: () => st.optimizers.adamw({ learningRate: 0.01, weightDecay: 0.05 }),
    output: { units: 2, activation: 'tanh' },
    targets: 'values',
  },
  {
    name: 'adagrad, mse',
    loss: 'meanSquaredError',
    optimizer: () => st.optimizers.adagrad({ learningRate: 0.1 }),
    output: { units: 2, activation: 'linear' },
    targets: 'values',
  },
];

function dataFor(c: Case, seed: number): { x: number[][]; y: number[][] | number[] } {
  const rng = new st.Rng(seed);
  const x = Array.from({ length: 24 }, () => Array.from({ length: 4 }, () => rng.normal()));
  const classOf = (row: number[]) => (row[0] + row[1] > 0.5 ? 2 : row[0] > 0 ? 1 : 0);
  if (c.targets === 'ids') return { x, y: x.map(classOf) };
  if (c.targets === 'onehot') return { x, y: x.map((r) => [0, 1, 2].map((k) => (k === classOf(r) ? 1 : 0))) };
  if (c.targets === 'binary') return { x, y: x.map((r) => [r[0] * r[2] > 0 ? 1 : 0]) };
  return { x, y: x.map((r) => [r[0] - r[1], r[2] * r[3]]) };
}

function modelFor(c: Case): st.Sequential {
  return st.sequential({
    dtype: 'float64',
    layers: [
      st.layers.dense({ units: 6, activation: 'tanh', inputShape: [4], kernelRegularizer: c.regularizer?.() }),
      st.layers.batchNormalization({ momentum: 0.9 }),
      st.layers.dense({ units: c.output.units, activation: c.output.activation }),
    ],
  });
}

describe.skipIf(!python)('train_ddp.py trains as strata trains (float64, full batches, 3 epochs)', () => {
  it('the same losses and weights for each optimizer and loss', { timeout: 300_000 }, async () => {
    const dirs: string[] = [];
    const trained: st.Sequential[] = [];
    const losses: number[][] = [];
    for (const [i, c] of cases.entries()) {
      st.setSeed(300 + i);
      const model = modelFor(c);
      model.compile({ loss: c.loss as never, optimizer: c.optimizer() });
      const dir = join(root, `case-${i}`);
      st.exportPyTorch(model, { dir });
      const { x, y } = dataFor(c, 400 + i);
      writeFileSync(join(dir, 'data.json'), JSON.stringify({ x, y, ids: c.targets === 'ids' }));
      const history = await model.fit(x, y, { epochs: 3, batchSize: x.length, shuffle: false, verbose: 0 });
      dirs.push(dir);
      trained.push(model);
      losses.push(history.history.loss as number[]);
    }
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const run = runPython(python!, ['-c', TRAIN, String(port), ...dirs], { timeout: 280_000 });
    expect(run.status, run.stderr).toBe(0);
    const outputs = run.stdout.split(/^== /m).slice(1);
    for (const [i, c] of cases.entries()) {
      expect(outputs[i].startsWith(dirs[i]), c.name).toBe(true);
      const torchLosses = [...outputs[i].matchAll(/loss (\S+)/g)].map((m) => Number(m[1]));
      expect(torchLosses.length, c.name).toBe(3);
      torchLosses.forEach((l, e) => expect(Math.abs(l - losses[i][e]), `${c.name}, epoch ${e + 1}`).toBeLessThan(1e-9));
      const copy = modelFor(c);
      st.loadWeights(copy, st.loadSafetensors(join(dirs[i], 'trained.safetensors')));
      const want = trained[i].getWeights();
      copy.getWeights().forEach((w, k) => {
        const worst = Math.max(...Array.from(w.data, (v, j) => Math.abs(v - want[k].data[j])));
        expect(worst, `${c.name}: weight ${k}`).toBeLessThan(1e-9);
      });
    }
  });
});
