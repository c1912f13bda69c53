import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';

/** A safetensors file built by hand from a header object and raw data bytes. */
function fileOf(header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const bytesOf = (values: number[], kind: 'f32' | 'f64' | 'u16') => {
  const size = kind === 'f64' ? 8 : kind === 'f32' ? 4 : 2;
  const view = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((v, i) =>
    kind === 'f64'
      ? view.setFloat64(i * 8, v, true)
      : kind === 'f32'
        ? view.setFloat32(i * 4, v, true)
        : view.setUint16(i * 2, v, true),
  );
  return new Uint8Array(view.buffer);
};

describe('safetensors', () => {
  it('writes the format: u64 header length, a JSON header padded to 8 bytes, little-endian data in order', () => {
    const a = st.tensor([1.5, -2, 3.25, 4], [2, 2]);
    const b = st.tensor([0.1], [1], 'float64');
    const bytes = encodeSafetensors({ a, b }, { format: 'pt' });
    const view = new DataView(bytes.buffer);
    const length = Number(view.getBigUint64(0, true));
    expect(length % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    expect(header).toEqual({
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
      b: { dtype: 'F64', shape: [1], data_offsets: [16, 24] },
    });
    expect(bytes.length).toBe(8 + length + 24);
    expect(view.getFloat32(8 + length + 4, true)).toBe(-2);
    expect(view.getFloat64(8 + length + 16, true)).toBe(0.1);
  });

  it('reads back what it writes: names, shapes, dtypes and values exactly', () => {
    const a = st.tensor([1.5, -2, 3.25, 4, 5, 6], [1, 2, 3]);
    const b = st.tensor([Math.PI, Math.E], [2], 'float64');
    const back = decodeSafetensors(encodeSafetensors({ a, b }, { k: 'v' }));
    expect(back.metadata).toEqual({ k: 'v' });
    expect(back.tensors.a.shape).toEqual([1, 2, 3]);
    expect(back.tensors.a.dtype).toBe('float32');
    expect(Array.from(back.tensors.a.data)).toEqual([1.5, -2, 3.25, 4, 5, 6]);
    expect(back.tensors.b.dtype).toBe('float64');
    expect(Array.from(back.tensors.b.data)).toEqual([Math.PI, Math.E]);
  });

  it('reads F16 and BF16 (as float32)', () => {
    // F16: 1.0 = 0x3c00, -2.5 = 0xc100, 2^-24 = 0x0001 (subnormal); BF16: 1.0 = 0x3f80, -0.5 = 0xbf00
    const f16 = bytesOf([0x3c00, 0xc100, 0x0001], 'u16');
    const bf16 = bytesOf([0x3f80, 0xbf00], 'u16');
    const data = new Uint8Array([...f16, ...bf16]);
    const file = fileOf(
      {
        h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] },
        b: { dtype: 'BF16', shape: [2], data_offsets: [6, 10] },
      },
      data,
    );
    const { tensors } = decodeSafetensors(file);
    expect(Array.from(tensors.h.data)).toEqual([1, -2.5, Math.fround(2 ** -24)]);
    expect(Array.from(tensors.b.data)).toEqual([1, -0.5]);
  });

  const bad: [string, Uint8Array, string][] = [
    ['too short', new Uint8Array(4), 'expected at least 8 bytes (the header length), got 4 bytes.'],
    [
      'a header longer than the file',
      fileOf({}, new Uint8Array(0), '{}').map((v, i) => (i === 0 ? 200 : v)),
      'expected a header of at most 2 bytes, got a header length of 200.',
    ],
    ['a header that is not JSON', fileOf(null, new Uint8Array(0), '{oops'), 'expected a JSON header'],
    [
      'an integer dtype',
      fileOf({ n: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)),
      `decodeSafetensors(): tensor 'n': expected a float dtype (F32, F64, F16 or BF16), got "I64". strata reads float weights only.`,
    ],
    [
      'offsets that disagree with the shape',
      fileOf({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)),
      "tensor 'w': expected 12 bytes inside the file, got offsets [0, 8] in 8 bytes of data.",
    ],
    [
      'overlapping tensors',
      fileOf(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        },
        new Uint8Array(8),
      ),
      'expected data starting at byte 8, got 0.',
    ],
    [
      'bytes left over after the tensors',
      fileOf({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)),
      'expected 4 bytes of tensor data, got 8.',
    ],
    [
      'metadata that is not strings',
      fileOf({ __metadata__: { n: 1 } }, new Uint8Array(0)),
      'expected __metadata__ as an object of strings, got {"n":1}.',
    ],
  ];

  it.each(bad)('refuses %s with a FormatError that says what it expected', (_name, bytes, message) => {
    expect(() => decodeSafetensors(bytes)).toThrowError(message);
    expect(() => decodeSafetensors(bytes)).toThrow(st.FormatError);
  });
});

describe('toSafetensors, parseSafetensors and loadWeights', () => {
  const build = (seed: number, dtype: 'float32' | 'float64' = 'float32') => {
    st.setSeed(seed);
    return st.sequential({
      dtype,
      layers: [
        st.layers.dense({ units: 3, activation: 'relu', inputShape: [4] }),
        st.layers.batchNormalization(),
        st.layers.dense({ units: 2 }),
      ],
    });
  };

  it("strata's layout: names and shapes as getWeights, F32 or F64 as the model", () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const { tensors } = st.parseSafetensors(st.toSafetensors(build(1, dtype)));
      expect(Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, [t.shape, t.dtype]]))).toEqual({
        'dense_1/kernel': [[4, 3], dtype],
        'dense_1/bias': [[3], dtype],
        'batch_normalization_1/gamma': [[3], dtype],
        'batch_normalization_1/beta': [[3], dtype],
        'batch_normalization_1/moving_mean': [[3], dtype],
        'batch_normalization_1/moving_variance': [[3], dtype],
        'dense_2/kernel': [[3, 2], dtype],
        'dense_2/bias': [[2], dtype],
      });
    }
  });

  it("PyTorch's layout: the Linear weight transposed, batch norm's weight, bias, running_mean, running_var", () => {
    const model = build(2);
    const { tensors } = st.parseSafetensors(st.toSafetensors(model, { layout: 'pytorch' }));
    expect(Object.keys(tensors)).toEqual([
      'dense_1.weight',
      'dense_1.bias',
      'batch_normalization_1.weight',
      'batch_normalization_1.bias',
      'batch_normalization_1.running_mean',
      'batch_normalization_1.running_var',
      'dense_2.weight',
      'dense_2.bias',
    ]);
    const kernel = model.getWeights()[0];
    const weight = tensors['dense_1.weight'];
    expect(weight.shape).toEqual([3, 4]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) expect(weight.data[j * 4 + i]).toBe(kernel.data[i * 3 + j]);
  });

  it('loads either layout into another model of the same architecture, exactly', () => {
    for (const layout of ['strata', 'pytorch'] as const) {
      const from = build(3, 'float64');
      const into = build(4, 'float64');
      const bytes = st.toSafetensors(from, { layout });
      // the function and the method are the same
      if (layout === 'strata') st.loadWeights(into, bytes);
      else into.loadWeights(st.parseSafetensors(bytes));
      const want = from.getWeights();
      into.getWeights().forEach((w, i) => expect(Array.from(w.data)).toEqual(Array.from(want[i].data)));
    }
  });

  it('changes nothing and names the tensor when a name or shape does not fit', () => {
    const into = build(5);
    const before = into.getWeights().map((w) => Array.from(w.data));
    const other = st.sequential({
      layers: [st.layers.dense({ units: 3, inputShape: [4] }), st.layers.dense({ units: 5 })],
    });
    expect(() =>
      st.loadWeights(into, st.toSafetensors(other, { layout: 'pytorch' })),
    ).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: loadWeights(): expected the tensors dense_1.weight, dense_1.bias, batch_normalization_1.weight, batch_normalization_1.bias, batch_normalization_1.running_mean, batch_normalization_1.running_var, … (8 in all), got 4 tensors, without batch_normalization_1.weight, batch_normalization_1.bias, batch_normalization_1.running_mean, batch_normalization_1.running_var. Load weights written for this architecture (its exported model.safetensors, train_ddp.py or toSafetensors()).]`,
    );
    const wider = build(6);
    const tensors = st.parseSafetensors(st.toSafetensors(wider)).tensors;
    tensors['dense_2/bias'] = st.tensor([1, 2, 3], [3]);
    expect(() => st.loadWeights(into, { tensors, metadata: {} })).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: loadWeights(): tensor 'dense_2/bias': expected shape [2], got [3]. The file was written for a model of other sizes.]`,
    );
    into.getWeights().forEach((w, i) => expect(Array.from(w.data)).toEqual(before[i]));
  });
});

describe('permute (weights between strata and PyTorch layouts)', () => {
  it("reorders axes as numpy's transpose, and its inverse brings them back", async () => {
    const { permute } = await import('../../src/layers/pytorch.js');
    // a Conv2D kernel [kh, kw, in, out] → torch's [out, in, kh, kw]
    const shape = [2, 3, 4, 5];
    const t = st.tensor(
      Array.from({ length: 120 }, (_, i) => i),
      shape,
    );
    const p = permute(t, [3, 2, 0, 1]);
    expect(p.shape).toEqual([5, 4, 2, 3]);
    const at = (s: readonly number[], idx: number[]) => idx.reduce((acc, v, d) => acc * s[d] + v, 0);
    for (const [a, b, c, d] of [
      [0, 0, 0, 0],
      [1, 2, 3, 4],
      [1, 0, 2, 3],
      [0, 2, 1, 0],
    ])
      expect(p.data[at(p.shape, [d, c, a, b])]).toBe(t.data[at(shape, [a, b, c, d])]);
    expect(Array.from(permute(p, [2, 3, 1, 0]).data)).toEqual(Array.from(t.data));
  });
});
