// the float32 parity check again, with the WebAssembly kernels selected and tensors resident in their memory
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata';
import { selectKernels } from '../../src/kernels/select.js';
import { wasmKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { kernelsFor } from '../../src/tensor/backend.js';
import { expectFloat32Parity, loadParityFixtures, trainFixture } from '../helpers/fixtures.js';

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
    expectFloat32Parity(f, model, losses);
  });
});
