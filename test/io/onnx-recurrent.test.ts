// ONNX export of SimpleRNN, LSTM, GRU, Embedding and Bidirectional, run in ONNX Runtime: ONNX's gate orders, its
// time-major ops between transposes, goBackwards as direction 'reverse', and GRU's reset-after as linear_before_reset
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

ort.env.wasm.numThreads = 1;

const protoPath = fileURLToPath(new URL('./onnx.proto', import.meta.url));

function batch(seed: number, shape: number[]): st.Tensor {
  const rng = new st.Rng(seed);
  return st.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );
}

async function runOnnx(bytes: Uint8Array, x: st.Tensor): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  const { output } = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
  return output;
}

function expectClose(ours: ArrayLike<number>, theirs: ArrayLike<number>): void {
  expect(ours.length).toBe(theirs.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
  expect(worst).toBeLessThan(1e-5);
}

// nonzero biases, so a bias in the wrong gate or the wrong row shows
const bias = st.initializers.randomNormal({ stddev: 0.5, seed: 2 });

type Make = (o: { returnSequences: boolean; goBackwards: boolean }) => st.Layer;
const cells: [string, Make][] = [
  ['SimpleRNN', (o) => st.layers.simpleRNN({ units: 5, biasInitializer: bias, ...o })],
  ['LSTM', (o) => st.layers.lstm({ units: 4, biasInitializer: bias, unitForgetBias: false, ...o })],
  ['GRU resetAfter', (o) => st.layers.gru({ units: 4, biasInitializer: bias, ...o })],
  ['GRU resetAfter: false', (o) => st.layers.gru({ units: 3, resetAfter: false, biasInitializer: bias, ...o })],
  [
    'LSTM linear (Affine in ONNX), relu gates',
    (o) => st.layers.lstm({ units: 3, activation: 'linear', recurrentActivation: 'relu', biasInitializer: bias, ...o }),
  ],
  [
    'GRU linear, no bias',
    (o) => st.layers.gru({ units: 3, activation: 'linear', recurrentActivation: 'tanh', useBias: false, ...o }),
  ],
  ['SimpleRNN relu', (o) => st.layers.simpleRNN({ units: 4, activation: 'relu', biasInitializer: bias, ...o })],
];
const flags = [
  { returnSequences: false, goBackwards: false },
  { returnSequences: true, goBackwards: false },
  { returnSequences: false, goBackwards: true },
  { returnSequences: true, goBackwards: true },
];
const single = cells.flatMap(([name, make]) => flags.map((f) => [name, f, make] as const));

async function expectSame(model: st.Sequential, x: st.Tensor): Promise<void> {
  const ours = model.predict(x);
  const theirs = await runOnnx(st.exportOnnx(model), x);
  expect(theirs.dims).toEqual(ours.shape);
  expectClose(ours.data, theirs.data as Float32Array);
}

describe('st.exportOnnx of recurrent layers, run in ONNX Runtime', () => {
  it.each(single)('%s %o: same shape and outputs within 1e-5', async (_, flags, make) => {
    st.setSeed(4);
    const model = st.sequential({
      layers: [st.layers.reshape({ targetShape: [7, 3], inputShape: [7, 3] }), make(flags)],
    });
    await expectSame(model, batch(3, [5, 7, 3]));
  });

  it.each(['concat', 'sum', 'mul', 'ave'] as const)(
    'Bidirectional LSTM, mergeMode %s, both returnSequences',
    async (mergeMode) => {
      for (const returnSequences of [false, true]) {
        st.setSeed(6);
        const model = st.sequential({
          layers: [
            st.layers.bidirectional({
              layer: st.layers.lstm({ units: 3, biasInitializer: bias, returnSequences }),
              mergeMode,
              inputShape: [6, 2],
            }),
          ],
        });
        await expectSame(model, batch(4, [3, 6, 2]));
      }
    },
  );

  it('Bidirectional of a goBackwards GRU (the inner layer reads backwards, its copy forwards)', async () => {
    st.setSeed(7);
    const inner = st.layers.gru({ units: 3, goBackwards: true, returnSequences: true, biasInitializer: bias });
    const model = st.sequential({ layers: [st.layers.bidirectional({ layer: inner, inputShape: [5, 2] })] });
    await expectSame(model, batch(5, [2, 5, 2]));
  });

  it('a trained model (Embedding, stacked LSTM and GRU, Dense) gives the same outputs', async () => {
    st.setSeed(9);
    const model = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: 10, outputDim: 4, inputShape: [8] }),
        st.layers.lstm({ units: 6, returnSequences: true }),
        st.layers.gru({ units: 5, goBackwards: true }),
        st.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const rng = new st.Rng(1);
    const tokens = (n: number) =>
      st.tensor(
        Float32Array.from({ length: n * 8 }, () => rng.int(10)),
        [n, 8],
      );
    const x = tokens(30);
    await model.fit(
      x,
      Int32Array.from({ length: 30 }, (_, i) => i % 3),
      { epochs: 3, batchSize: 10, verbose: 0 },
    );
    await expectSame(model, tokens(4));
  });

  it("writes LSTM's weights in ONNX's layout and gate order i, o, f, c between time-major transposes", async () => {
    const layer = st.layers.lstm({ units: 2, inputShape: [4, 3] });
    const model = st.sequential({ layers: [layer] });
    const { root } = protobuf.parse(readFileSync(protoPath, 'utf8'), { keepCase: true });
    const ModelProto = root.lookupType('onnx.ModelProto');
    const onnx = ModelProto.toObject(ModelProto.decode(st.exportOnnx(model)), { longs: Number, bytes: Array }) as {
      graph: {
        node: { op_type: string; attribute?: { name: string; s?: number[]; strings?: number[][] }[] }[];
        initializer: { name: string; dims: number[]; raw_data: number[] }[];
      };
    };
    expect(onnx.graph.node.map((n) => n.op_type)).toEqual(['Transpose', 'LSTM', 'Squeeze', 'Gather', 'Identity']);
    const text = (bytes: number[]) => new TextDecoder().decode(Uint8Array.from(bytes));
    const attrs = onnx.graph.node[1].attribute!;
    expect(text(attrs.find((a) => a.name === 'direction')!.s!)).toBe('forward');
    expect(attrs.find((a) => a.name === 'activations')!.strings!.map(text)).toEqual(['Sigmoid', 'Tanh', 'Tanh']);
    const w = onnx.graph.initializer.find((t) => t.name === 'lstm_1/W')!;
    expect(w.dims).toEqual([1, 8, 3]);
    // W's row for ONNX's o gate, unit 1, is Keras' kernel column 3·2 + 1, read across the 3 inputs
    const values = new Float32Array(Uint8Array.from(w.raw_data).buffer);
    const kernel = layer.params()[0].value;
    expect(Array.from(values.subarray((1 * 2 + 1) * 3, (1 * 2 + 2) * 3))).toEqual(
      [0, 1, 2].map((i) => kernel.data[i * 8 + 3 * 2 + 1]),
    );
  });

  it('refuses an Embedding with maskZero: ONNX has no per-step mask', () => {
    const model = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true, inputShape: [4] }),
        st.layers.lstm({ units: 2 }),
      ],
    });
    expect(() => st.exportOnnx(model)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportOnnx(): expected an Embedding without maskZero (ONNX's recurrent ops take no per-step mask), got maskZero: true in embedding_1 (Embedding). Export a copy built with maskZero: false and its weights (the same outputs on sequences without 0), or save in the TF.js format.]`,
    );
  });
});
