// the float32 parity check again, with the WebAssembly kernels selected and a call's arrays in their memory
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { selectKernels, workingMemoryFor } from '../../src/kernels/select.js';
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
    // the weights were in WebAssembly memory for the call (the kernels updated them in place) and are back out of it
    expect(workingMemoryFor(kernelsFor('float32'))).not.toBeNull();
    expect(wasmRuntime().heap.offset(model.layers[0].params()[0].value.data)).toBe(-1);
    expectFloat32Parity(f, model, losses);
  });
});
