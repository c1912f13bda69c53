// ONNX export of the convolution and pooling layers, run in ONNX Runtime: channels-last in and out, with the
// transposes ONNX's channels-first Conv and pooling need, and a Flatten after them in channels-last order
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

const bias = st.initializers.randomNormal({ stddev: 0.5, seed: 2 });

const single: [string, () => st.Layer, number[]][] = [
  ['Conv2D valid', () => st.layers.conv2d({ filters: 3, kernelSize: 3, biasInitializer: bias }), [7, 6, 2]],
  [
    'Conv2D same, strides 2, [4, 3] window, relu (the odd pad after)',
    () =>
      st.layers.conv2d({
        filters: 4,
        kernelSize: [4, 3],
        strides: 2,
        padding: 'same',
        activation: 'relu',
        biasInitializer: bias,
      }),
    [9, 8, 3],
  ],
  [
    'Conv2D dilation 2, same, strides 3, no bias',
    () => st.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, strides: 3, padding: 'same', useBias: false }),
    [11, 7, 1],
  ],
  [
    'Conv1D same, strides 2, tanh',
    () =>
      st.layers.conv1d({
        filters: 3,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        activation: 'tanh',
        biasInitializer: bias,
      }),
    [13, 2],
  ],
  ['Conv1D valid, dilation 2', () => st.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2 }), [10, 3]],
  ['MaxPooling2D valid', () => st.layers.maxPooling2d(), [7, 6, 2]],
  [
    'MaxPooling2D same, pool 3, strides 2',
    () => st.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
    [8, 7, 2],
  ],
  [
    'AveragePooling2D same, pool [3, 2], strides 1 (padding not counted)',
    () => st.layers.averagePooling2d({ poolSize: [3, 2], strides: 1, padding: 'same' }),
    [5, 6, 2],
  ],
  [
    'AveragePooling2D valid, pool 3, strides 2',
    () => st.layers.averagePooling2d({ poolSize: 3, strides: 2 }),
    [9, 7, 3],
  ],
  ['MaxPooling1D same', () => st.layers.maxPooling1d({ poolSize: 3, padding: 'same' }), [11, 2]],
  ['AveragePooling1D same', () => st.layers.averagePooling1d({ poolSize: 4, strides: 3, padding: 'same' }), [10, 3]],
  ['GlobalAveragePooling2D', () => st.layers.globalAveragePooling2d(), [5, 4, 3]],
  ['GlobalMaxPooling2D', () => st.layers.globalMaxPooling2d(), [5, 4, 3]],
  ['GlobalAveragePooling1D', () => st.layers.globalAveragePooling1d(), [9, 2]],
  ['GlobalMaxPooling1D', () => st.layers.globalMaxPooling1d(), [9, 2]],
];

describe('st.exportOnnx of convolution and pooling layers, run in ONNX Runtime', () => {
  it.each(single)('%s: same shape and outputs within 1e-5', async (_, make, shape) => {
    st.setSeed(4);
    const model = st.sequential({ layers: [st.layers.reshape({ targetShape: shape, inputShape: shape }), make()] });
    const x = batch(3, [3, ...shape]);
    const ours = model.predict(x);
    const theirs = await runOnnx(st.exportOnnx(model), x);
    expect(theirs.dims).toEqual(ours.shape);
    expectClose(ours.data, theirs.data as Float32Array);
  });

  it('a trained CNN (conv, batch norm, pooling, dropout, flatten after a conv, dense) gives the same outputs', async () => {
    st.setSeed(8);
    const model = st.sequential({
      layers: [
        st.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', inputShape: [10, 10, 1] }),
        st.layers.batchNormalization(),
        st.layers.activation({ activation: 'relu' }),
        st.layers.maxPooling2d({ poolSize: 2 }),
        st.layers.dropout({ rate: 0.25 }),
        st.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, activation: 'relu' }),
        st.layers.flatten(),
        st.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = batch(5, [40, 10, 10, 1]);
    await model.fit(
      x,
      Int32Array.from({ length: 40 }, (_, i) => i % 3),
      { epochs: 3, batchSize: 10, verbose: 0 },
    );
    const probe = batch(6, [4, 10, 10, 1]);
    const theirs = await runOnnx(st.exportOnnx(model), probe);
    expect(theirs.dims).toEqual([4, 3]);
    expectClose(model.predict(probe).data, theirs.data as Float32Array);
  });

  it('writes Conv with explicit pads and its weight as [filters, in, kh, kw], between NHWC ⇄ NCHW transposes', async () => {
    const model = st.sequential({
      layers: [
        st.layers.conv2d({ filters: 4, kernelSize: [3, 2], padding: 'same', inputShape: [6, 5, 2] }),
        st.layers.globalAveragePooling2d(),
      ],
    });
    const { root } = protobuf.parse(readFileSync(protoPath, 'utf8'), { keepCase: true });
    const ModelProto = root.lookupType('onnx.ModelProto');
    const onnx = ModelProto.toObject(ModelProto.decode(st.exportOnnx(model)), { longs: Number }) as {
      graph: {
        node: { op_type: string; attribute?: { name: string; ints?: number[] }[] }[];
        initializer: { name: string; dims: number[] }[];
      };
    };
    expect(onnx.graph.node.map((n) => n.op_type)).toEqual([
      'Transpose',
      'Conv',
      'Transpose',
      'Transpose',
      'GlobalAveragePool',
      'Squeeze',
      'Identity',
    ]);
    const conv = onnx.graph.node[1];
    const ints = Object.fromEntries((conv.attribute ?? []).map((a) => [a.name, a.ints]));
    // 'same' on 6×5 with a 3×2 window: one row above and below, the one column after
    expect(ints).toEqual({ kernel_shape: [3, 2], strides: [1, 1], pads: [1, 0, 1, 1], dilations: [1, 1] });
    expect(onnx.graph.initializer.find((t) => t.name === 'conv2d_1/kernel')!.dims).toEqual([4, 2, 3, 2]);
  });
});
