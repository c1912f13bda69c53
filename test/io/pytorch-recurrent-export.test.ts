// exportPyTorch of Embedding (maskZero included), Bidirectional (every merge mode) and recurrent layers with dropout:
// the module predicts what strata predicts, train_ddp.py trains an Embedding → Bidirectional model as fit does, and
// what would change meaning is refused
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { runPython, torchPython } from '../helpers/torch-python.js';

const python = torchPython();
const root = mkdtempSync(join(tmpdir(), 'strata-pytorch-rnn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Each folder's load_model() on its x.json, in eval mode, and (for dropout) twice in train mode. */
const PREDICT = `
import importlib.util, json, os, sys
import numpy as np, torch
out = {}
for i, d in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location(f"exported_{i}", f"{d}/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.load_model()
    x = torch.from_numpy(np.array(json.load(open(f"{d}/x.json")))).to(module.DTYPE)
    with torch.no_grad():
        y = model(x)
        model.train()
        torch.manual_seed(1)
        a, b = model(x), model(x)
    out[d] = {"shape": list(y.shape), "values": y.double().flatten().tolist(),
              "trainDiffers": bool((a - b).abs().max() > 1e-6)}
print(json.dumps(out))
`;

const VOCABULARY = 12;

/** Ids [n, time] with padding: each row a random length ≥ 1 of ids in [1, VOCABULARY), then zeros (some leading). */
function ids(seed: number, n: number, time: number, pad: boolean): number[][] {
  const rng = new st.Rng(seed);
  return Array.from({ length: n }, (_, row) => {
    const length = pad ? 1 + rng.int(time) : time;
    const real = Array.from({ length }, () => 1 + rng.int(VOCABULARY - 1));
    const zeros = Array.from({ length: time - length }, () => 0);
    return row % 3 === 2 ? [...zeros, ...real] : [...real, ...zeros];
  });
}

function floats(seed: number, shape: [number, number, number]): number[][][] {
  const rng = new st.Rng(seed);
  return Array.from({ length: shape[0] }, () =>
    Array.from({ length: shape[1] }, () => Array.from({ length: shape[2] }, () => rng.normal())),
  );
}

interface Case {
  name: string;
  model: () => st.Sequential;
  x: number[][] | number[][][];
  /** Train mode draws dropout masks: two passes differ. */
  dropout?: boolean;
}

const cases: Case[] = [
  {
    name: 'Embedding without a mask, LSTM, Dense',
    model: () =>
      st.sequential({
        layers: [
          st.layers.embedding({ inputDim: VOCABULARY, outputDim: 5, inputShape: [7] }),
          st.layers.lstm({ units: 4 }),
          st.layers.dense({ units: 2 }),
        ],
      }),
    x: ids(1, 9, 7, false),
  },
  {
    name: 'Embedding with maskZero (trailing and leading padding), stacked LSTM and GRU going backwards',
    model: () =>
      st.sequential({
        layers: [
          st.layers.embedding({ inputDim: VOCABULARY, outputDim: 5, maskZero: true, inputShape: [8] }),
          st.layers.lstm({ units: 4, returnSequences: true }),
          st.layers.gru({ units: 3, goBackwards: true, resetAfter: false }),
          st.layers.dense({ units: 2, activation: 'tanh' }),
        ],
      }),
    x: ids(2, 10, 8, true),
  },
  {
    name: 'Embedding with maskZero before layers that ignore the mask (GlobalAveragePooling1D, Dense)',
    model: () =>
      st.sequential({
        layers: [
          st.layers.embedding({ inputDim: VOCABULARY, outputDim: 5, maskZero: true, inputShape: [7] }),
          st.layers.globalAveragePooling1d(),
          st.layers.dense({ units: 2 }),
        ],
      }),
    x: ids(7, 9, 7, true),
  },
  {
    name: 'Bidirectional concat (sequences) and ave, behind a masking Embedding',
    model: () =>
      st.sequential({
        layers: [
          st.layers.embedding({ inputDim: VOCABULARY, outputDim: 4, maskZero: true, inputShape: [6] }),
          st.layers.bidirectional({ layer: st.layers.lstm({ units: 3, returnSequences: true }) }),
          st.layers.bidirectional({ layer: st.layers.gru({ units: 3 }), mergeMode: 'ave' }),
          st.layers.dense({ units: 2 }),
        ],
      }),
    x: ids(3, 8, 6, true),
  },
  {
    name: 'Bidirectional sum, mul and concat of the last states, an inner goBackwards, SimpleRNN',
    model: () =>
      st.sequential({
        layers: [
          st.layers.bidirectional({
            layer: st.layers.simpleRNN({ units: 3, returnSequences: true }),
            mergeMode: 'sum',
            inputShape: [5, 3],
          }),
          st.layers.bidirectional({
            layer: st.layers.gru({ units: 3, returnSequences: true, goBackwards: true }),
            mergeMode: 'mul',
          }),
          st.layers.bidirectional({ layer: st.layers.lstm({ units: 2 }) }),
        ],
      }),
    x: floats(4, [6, 5, 3]),
  },
  {
    name: 'dropout and recurrentDropout (inference exact; masks drawn in train mode)',
    model: () =>
      st.sequential({
        layers: [
          st.layers.lstm({ units: 4, dropout: 0.3, recurrentDropout: 0.2, returnSequences: true, inputShape: [6, 3] }),
          st.layers.gru({ units: 3, recurrentDropout: 0.4, returnSequences: true }),
          st.layers.bidirectional({ layer: st.layers.simpleRNN({ units: 2, dropout: 0.5 }) }),
        ],
      }),
    x: floats(5, [7, 6, 3]),
    dropout: true,
  },
];

/** Trains briefly so the weights are far from their initial values. */
async function trained(c: Case): Promise<st.Sequential> {
  const model = c.model();
  const out = model.predict(c.x as number[][]);
  const rng = new st.Rng(9);
  const y = st.tensor(
    Array.from({ length: out.size }, () => rng.normal()),
    out.shape as number[],
  );
  model.compile({ loss: 'meanSquaredError', optimizer: st.optimizers.adam({ learningRate: 0.02 }) });
  await model.fit(c.x as number[][], y, { epochs: 5, batchSize: 4, verbose: 0 });
  return model;
}

describe.skipIf(!python)('exportPyTorch of Embedding, Bidirectional and recurrent dropout', () => {
  it(
    'the module predicts what strata predicts (≤ 1e-5), every case in one Python process',
    { timeout: 180_000 },
    async () => {
      const dirs: string[] = [];
      const expected: st.Tensor[] = [];
      for (const [i, c] of cases.entries()) {
        st.setSeed(500 + i);
        const model = await trained(c);
        const dir = join(root, `case-${i}`);
        st.exportPyTorch(model, { dir });
        writeFileSync(join(dir, 'x.json'), JSON.stringify(c.x));
        dirs.push(dir);
        expected.push(model.predict(c.x as number[][]));
      }
      const run = runPython(python!, ['-c', PREDICT, ...dirs], { timeout: 150_000 });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as Record<
        string,
        { shape: number[]; values: number[]; trainDiffers: boolean }
      >;
      for (const [i, dir] of dirs.entries()) {
        const got = out[dir];
        expect(got.shape, cases[i].name).toEqual(expected[i].shape);
        const worst = Math.max(...got.values.map((v, j) => Math.abs(v - expected[i].data[j])));
        expect(worst, cases[i].name).toBeLessThanOrEqual(1e-5);
        expect(got.trainDiffers, cases[i].name).toBe(cases[i].dropout === true);
      }
    },
  );

  it(
    'train_ddp.py trains Embedding (maskZero) → Bidirectional LSTM → Dense as fit does (float64, SGD, 3 epochs)',
    { timeout: 180_000 },
    async () => {
      const make = () =>
        st.sequential({
          dtype: 'float64',
          layers: [
            st.layers.embedding({ inputDim: VOCABULARY, outputDim: 4, maskZero: true, inputShape: [6] }),
            st.layers.bidirectional({ layer: st.layers.lstm({ units: 3, returnSequences: true }), mergeMode: 'sum' }),
            st.layers.bidirectional({ layer: st.layers.gru({ units: 2 }) }),
            st.layers.dense({ units: 1 }),
          ],
        });
      st.setSeed(600);
      const model = make();
      model.compile({ loss: 'meanSquaredError', optimizer: st.optimizers.sgd({ learningRate: 0.3 }) });
      const dir = join(root, 'train');
      st.exportPyTorch(model, { dir });
      const x = ids(6, 16, 6, true);
      const y = x.map((row) => [row.filter((v) => v > 6).length / 3]);
      writeFileSync(join(dir, 'data.json'), JSON.stringify({ x, y }));
      const history = await model.fit(x, y, { epochs: 3, batchSize: x.length, shuffle: false, verbose: 0 });
      const script = `
import importlib.util, json, os, sys
import numpy as np
d = sys.argv[1]
data = json.load(open(f"{d}/data.json"))
np.savez(f"{d}/data.npz", x=np.array(data["x"], dtype=np.float64), y=np.array(data["y"]))
spec = importlib.util.spec_from_file_location("train", f"{d}/train_ddp.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
os.environ["MASTER_PORT"] = sys.argv[2]
sys.argv[:] = ["train_ddp.py", "--data", f"{d}/data.npz", "--epochs", "3", "--batch-size", "16", "--out", f"{d}/trained.safetensors"]
module.main()
`;
      const port = String(20_000 + Math.floor(Math.random() * 20_000));
      const run = runPython(python!, ['-c', script, dir, port], { timeout: 150_000 });
      expect(run.status, run.stderr).toBe(0);
      const losses = [...run.stdout.matchAll(/loss (\S+)/g)].map((m) => Number(m[1]));
      expect(losses).toHaveLength(3);
      losses.forEach((l, e) => expect(Math.abs(l - history.history.loss[e]), `epoch ${e + 1}`).toBeLessThan(1e-9));
      // the weights come back under their strata names (forward_lstm and backward_lstm apart)
      const copy = make();
      st.loadWeights(copy, st.loadSafetensors(join(dir, 'trained.safetensors')));
      const want = model.getWeights();
      copy.getWeights().forEach((w, k) => {
        const worst = Math.max(...Array.from(w.data, (v, j) => Math.abs(v - want[k].data[j])));
        expect(worst, `weight ${k}`).toBeLessThan(1e-9);
      });
    },
  );
});

describe('exportPyTorch refuses a mask that strata would carry differently', () => {
  it('a layer between an Embedding with maskZero and the recurrent layer its mask would reach', () => {
    const model = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [4] }),
        st.layers.dropout({ rate: 0.2 }),
        st.layers.lstm({ units: 2 }),
      ],
    });
    expect(() => st.exportPyTorch(model)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportPyTorch(): expected the mask of embedding_1 (Embedding) (maskZero) to go straight to a recurrent or Bidirectional layer, got dropout_1 (Dropout) between it and lstm_1 (LSTM). Put the recurrent layer right after the Embedding (the exported module carries a mask only there), or use maskZero: false.]`,
    );
  });

  it('but a mask no recurrent layer reads goes across (the layers after ignore it, as in strata)', () => {
    const model = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [4] }),
        st.layers.lstm({ units: 2 }),
        st.layers.dense({ units: 3 }),
      ],
    });
    expect(Object.keys(st.exportPyTorch(model))).toEqual(['model.py', 'model.safetensors']);
    const pooled = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [4] }),
        st.layers.globalAveragePooling1d(),
      ],
    });
    expect(Object.keys(st.exportPyTorch(pooled))).toEqual(['model.py', 'model.safetensors']);
  });
});
