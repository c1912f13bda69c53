// the float32 parity check again, with the WebAssembly kernels selected and tensors resident in their memory
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata';
import { selectKernels } from '../../src/kernels/select.js';
import { wasmKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { kernelsFor } from '../../src/tensor/backend.js';
import { loadParityFixtures, type ParityFixture } from '../helpers/fixtures.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
const adaptive = (f: ParityFixture) => f.optimizer.name === 'rmsprop' || f.optimizer.name === 'adam';

async function train(f: ParityFixture) {
  const model = st.sequential({
    dtype: 'float32',
    layers: f.layers.map((l, i) =>
      st.layers.dense({
        units: l.units,
        activation: l.activation as st.ActivationName,
        ...(i === 0 ? { inputShape: [f.inputDim] } : {}),
        ...(f.l2 > 0 ? { kernelRegularizer: st.regularizers.l2({ l2: f.l2 }) } : {}),
      }),
    ),
  });
  model.setWeights(f.initialWeights.flatMap((w) => [w.kernel, w.bias]));
  const { name, ...settings } = f.optimizer;
  const factory = st.optimizers[name as st.OptimizerName] as (o: object) => st.Optimizer;
  model.compile({ optimizer: factory(settings), loss: f.loss as st.LossName, metrics: ['accuracy'] });
  const history = await model.fit(f.x, f.y, {
    epochs: f.epochs,
    batchSize: f.batchSize,
    shuffle: f.shuffle,
    verbose: 0,
  });
  return { model, losses: history.history.loss };
}

describe.each(loadParityFixtures())('parity with the NumPy reference on wasm kernels: $name', (f) => {
  let previous: st.Kernels;
  beforeAll(() => void (previous = st.useKernels(selectKernels({ prefer: 'wasm' }))));
  afterAll(() => {
    st.useKernels(previous);
    selectKernels({ prefer: 'js' });
  });

  it('float32 on wasm stays within the README tolerances', async () => {
    const { model, losses } = await train(f);
    expect(kernelsFor('float32')).toBe(wasmKernels);
    // the weights live in WebAssembly memory, so the kernels updated them in place
    expect(wasmRuntime().heap.offset(model.layers[0].params()[0].value.data)).toBeGreaterThan(0);
    const expected = f.expected.lossPerEpoch;
    if (adaptive(f)) {
      for (let e = 0; e < Math.min(100, f.epochs); e++) expect(relative(losses[e], expected[e])).toBeLessThan(0.02);
      expect(relative(losses[f.epochs - 1], expected[f.epochs - 1])).toBeLessThan(0.2);
    } else {
      for (let e = 0; e < f.epochs; e += 100) expect(relative(losses[e], expected[e])).toBeLessThan(0.02);
    }
    if (f.expected.finalAccuracy !== null) {
      const p = model.predict(f.x).data;
      const hits = f.y.filter((row, i) => (p[i] > 0.5 ? 1 : 0) === row[0]).length;
      expect(Math.abs(hits / f.y.length - f.expected.finalAccuracy) * f.y.length).toBeLessThanOrEqual(1);
    }
  });
});
