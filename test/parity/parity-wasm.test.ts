// the float32 parity check again, with the WebAssembly kernels selected and tensors resident in their memory
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata';
import { selectKernels } from '../../src/kernels/select.js';
import { wasmKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { kernelsFor } from '../../src/tensor/backend.js';
import { isAdaptive, loadParityFixtures, relative, trainFixture } from '../helpers/fixtures.js';

describe.each(loadParityFixtures())('parity with the NumPy reference on wasm kernels: $name', (f) => {
  let previous: st.Kernels;
  beforeAll(() => void (previous = st.useKernels(selectKernels({ prefer: 'wasm' }))));
  afterAll(() => {
    st.useKernels(previous);
    selectKernels({ prefer: 'js' });
  });

  it('float32 on wasm stays within the README tolerances', async () => {
    const { model, losses } = await trainFixture(f, 'float32');
    expect(kernelsFor('float32')).toBe(wasmKernels);
    // the weights live in WebAssembly memory, so the kernels updated them in place
    expect(wasmRuntime().heap.offset(model.layers[0].params()[0].value.data)).toBeGreaterThan(0);
    const expected = f.expected.lossPerEpoch;
    if (isAdaptive(f)) {
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
