import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

ort.env.wasm.numThreads = 1;

const protoPath = fileURLToPath(new URL('./onnx.proto', import.meta.url));

async function decode(bytes: Uint8Array) {
  // keepCase: without it protobufjs renames op_type to opType and the fields read as missing
  const { root } = protobuf.parse(readFileSync(protoPath, 'utf8'), { keepCase: true });
  const ModelProto = root.lookupType('onnx.ModelProto');
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number }) as {
    ir_version: number;
    opset_import: { version: number }[];
    graph: { node: { op_type: string; attribute?: { name: string; i?: number }[] }[]; initializer: { name: string }[] };
  };
}

async function runOnnx(bytes: Uint8Array, x: number[][]): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  const input = new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, x[0].length]);
  const { output } = await session.run({ input });
  const width = output.dims[1];
  const data = output.data as Float32Array;
  return x.map((_, r) => Array.from(data.subarray(r * width, (r + 1) * width)));
}

function probe(seed: number, rows: number, cols: number): number[][] {
  const rng = new st.Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal() * 2));
}

function expectClose(a: number[][], b: number[][]) {
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThan(1e-5)));
}

describe('st.exportOnnx, run in ONNX Runtime', () => {
  it('writes an opset-17 model whose structure protobufjs reads back', async () => {
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const onnx = await decode(st.exportOnnx(model));
    expect(onnx.ir_version).toBe(8);
    expect(onnx.opset_import[0].version).toBe(17);
    expect(onnx.graph.node.map((n) => n.op_type)).toEqual(['Gemm', 'Relu', 'Gemm', 'Softmax', 'Identity']);
    expect(onnx.graph.node[3].attribute).toEqual([{ name: 'axis', i: -1, type: 2 }]);
    expect(onnx.graph.initializer.map((t) => t.name)).toEqual([
      'dense_1/kernel',
      'dense_1/bias',
      'dense_2/kernel',
      'dense_2/bias',
    ]);
  });

  it('a trained model with batch norm and dropout gives the same outputs within 1e-5', async () => {
    st.setSeed(6);
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 16, activation: 'relu', inputShape: [5] }),
        st.layers.batchNormalization(),
        st.layers.dropout({ rate: 0.3 }),
        st.layers.dense({ units: 8, activation: 'tanh', useBias: false }),
        st.layers.dense({ units: 3 }),
        st.layers.activation({ activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = probe(1, 60, 5);
    await model.fit(
      x,
      x.map((r) => (r[0] > 0 ? (r[1] > 0 ? 2 : 1) : 0)),
      { epochs: 5, verbose: 0 },
    );
    const test = probe(2, 12, 5);
    expectClose(await runOnnx(st.exportOnnx(model), test), model.predict(test).toArray() as number[][]);
  });

  it.each([
    'linear',
    'relu',
    'sigmoid',
    'tanh',
    'softmax',
    'leakyRelu',
    'elu',
    'selu',
    'gelu',
    'softplus',
    'swish',
  ] as const)('the %s activation', async (activation) => {
    st.setSeed(7);
    const model = st.sequential({
      layers: [st.layers.dense({ units: 6, activation, inputShape: [4] }), st.layers.dense({ units: 2, activation })],
    });
    const test = probe(3, 10, 4);
    expectClose(await runOnnx(st.exportOnnx(model), test), model.predict(test).toArray() as number[][]);
  });

  it('the LeakyReLU layer with its own slope', async () => {
    st.setSeed(8);
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 6, inputShape: [4] }),
        st.layers.leakyReLU({ alpha: 0.07 }),
        st.layers.dense({ units: 2 }),
      ],
    });
    const test = probe(3, 10, 4);
    expectClose(await runOnnx(st.exportOnnx(model), test), model.predict(test).toArray() as number[][]);
  });

  it('Reshape [6] → [2, 3] → Flatten → Dense: a Reshape with an int64 shape and Flatten(axis 1), same outputs', async () => {
    st.setSeed(8);
    const model = st.sequential({
      layers: [
        st.layers.reshape({ targetShape: [2, -1], inputShape: [6] }),
        st.layers.flatten(),
        st.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const bytes = st.exportOnnx(model);
    const onnx = await decode(bytes);
    expect(onnx.graph.node.map((n) => n.op_type)).toEqual(['Reshape', 'Flatten', 'Gemm', 'Softmax', 'Identity']);
    expect(onnx.graph.node[1].attribute).toEqual([{ name: 'axis', i: 1, type: 2 }]);
    expect(onnx.graph.initializer.map((t) => t.name)).toEqual(['reshape_1/shape', 'dense_1/kernel', 'dense_1/bias']);
    const test = probe(4, 9, 6);
    expectClose(await runOnnx(bytes, test), model.predict(test).toArray() as number[][]);
  });

  it('a model ending in Reshape declares its N-D output shape', async () => {
    const model = st.sequential({
      layers: [st.layers.dense({ units: 6, inputShape: [4] }), st.layers.reshape({ targetShape: [3, 2] })],
    });
    const session = await ort.InferenceSession.create(st.exportOnnx(model));
    const x = probe(5, 2, 4);
    const { output } = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.flat()), [2, 4]) });
    expect(output.dims).toEqual([2, 3, 2]);
    // the same Dense without the Reshape: its outputs, row-major, are the reshaped values
    const dense = st.sequential({ layers: [st.layers.dense({ units: 6, inputShape: [4] })] });
    dense.setWeights(model.getWeights());
    const expected = (dense.predict(x).toArray() as number[][]).flat();
    Array.from(output.data as Float32Array).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-5));
  });
});
