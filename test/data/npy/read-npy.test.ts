import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

const dir = mkdtempSync(join(tmpdir(), 'strata-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A .npy file as numpy.save writes it (version 1, header padded to a multiple of 64). */
function npy(descr: string, shape: number[], body: Uint8Array, fortran = false): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, header.length & 255, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const save = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe('data.readNpy', () => {
  const values = Float32Array.from({ length: 5 * 3 }, (_, i) => i / 4);
  const path = save('x.npy', npy('<f4', [5, 3], bytesOf(values)));

  it('reads float32 arrays from a path or bytes, keeping the shape', () => {
    const t = st.data.readNpy(path);
    expect(t.shape).toEqual([5, 3]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.data)).toEqual(Array.from(values));
    expect(st.data.readNpy(npy('<f4', [5, 3], bytesOf(values))).toArray()).toEqual(t.toArray());
  });

  it('reads only the rows asked for', () => {
    expect(st.data.readNpy(path, { rows: [3, 5] }).toArray()).toEqual([
      [2.25, 2.5, 2.75],
      [3, 3.25, 3.5],
    ]);
  });

  it('reads float64 as float64, integers, bools and big-endian data', () => {
    const f8 = st.data.readNpy(npy('<f8', [2], bytesOf(Float64Array.of(0.1, -2))));
    expect(f8.dtype).toBe('float64');
    expect(Array.from(f8.data)).toEqual([0.1, -2]);
    expect(Array.from(st.data.readNpy(npy('<i8', [3], bytesOf(BigInt64Array.of(-1n, 7n, 3n)))).data)).toEqual([
      -1, 7, 3,
    ]);
    expect(Array.from(st.data.readNpy(npy('|u1', [2, 2], Uint8Array.of(0, 255, 1, 2))).data)).toEqual([0, 255, 1, 2]);
    expect(Array.from(st.data.readNpy(npy('|b1', [2], Uint8Array.of(1, 0))).data)).toEqual([1, 0]);
    const big = new Uint8Array(8);
    new DataView(big.buffer).setFloat64(0, 1.5, false);
    expect(Array.from(st.data.readNpy(npy('>f8', [1], big)).data)).toEqual([1.5]);
  });

  it('refuses what it cannot read, saying how to write it from NumPy', () => {
    expect(() => st.data.readNpy(npy('<f4', [2, 2], new Uint8Array(16), true))).toThrow(
      /expected a C-order array, got fortran_order True\. Save numpy\.ascontiguousarray\(array\) instead/,
    );
    expect(() => st.data.readNpy(npy('<c8', [1], new Uint8Array(8)))).toThrow(/got dtype '<c8'\. Convert it in NumPy/);
    expect(() => st.data.readNpy(new Uint8Array([1, 2, 3]))).toThrow(/expected a \.npy file/);
    expect(() => st.data.readNpy(npy('<f4', [4], new Uint8Array(8)))).toThrow(/The file is truncated/);
    expect(() => st.data.readNpy(path, { rows: [4, 9] })).toThrow(
      /expected rows as \[start, end\) with 0 ≤ start < end ≤ 5/,
    );
    expect(() => st.data.readNpy(join(dir, 'none.npy'))).toThrow(/none\.npy \(no such file\)/);
    expect(() => st.data.readNpy(path, { row: [0, 1] } as never)).toThrow(/Did you mean 'rows'/);
  });

  it('reads what NumPy itself saves (when python3 with numpy is here)', (ctx) => {
    const file = join(dir, 'numpy.npy');
    try {
      execFileSync(
        'python3',
        [
          '-c',
          `import numpy as np; np.save(${JSON.stringify(file)}, np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8)`,
        ],
        {
          stdio: 'ignore',
          timeout: 30_000,
        },
      );
    } catch {
      console.log('skipped: python3 with numpy is not available');
      ctx.skip();
    }
    const t = st.data.readNpy(file);
    expect(t.shape).toEqual([2, 3, 4]);
    expect(Array.from(t.data)).toEqual(Array.from({ length: 24 }, (_, i) => i / 8));
  });
});

describe('data.npyDataset', () => {
  const rows = 10;
  const x = Float32Array.from({ length: rows * 2 }, (_, i) => i);
  const y = Float32Array.from({ length: rows }, (_, i) => i % 2);
  const xPath = save('dx.npy', npy('<f4', [rows, 2], bytesOf(x)));
  const yPath = save('dy.npy', npy('<f4', [rows], bytesOf(y)));

  it('yields batches of matching rows, in order or in a seeded shuffled order', async () => {
    const firstRows = async (ds: AsyncIterable<{ x: st.Tensor; y: st.Tensor }>) => {
      const out: number[] = [];
      for await (const b of ds) {
        expect(b.x.shape[0]).toBe(b.y.shape[0]);
        out.push(b.x.data[0] / 2);
      }
      return out;
    };
    expect(await firstRows(st.data.npyDataset(xPath, yPath, { batchSize: 4 }))).toEqual([0, 4, 8]);
    const shuffled = st.data.npyDataset(xPath, yPath, { batchSize: 2, shuffle: true, seed: 3 });
    const a = await firstRows(shuffled);
    expect([...a].sort((p, q) => p - q)).toEqual([0, 2, 4, 6, 8]);
    expect(await firstRows(shuffled)).not.toEqual(a);
  });

  it('trains with fitDataset', async () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const history = await model.fitDataset(st.data.npyDataset(xPath, yPath, { batchSize: 4 }), {
      epochs: 2,
      verbose: 0,
    });
    expect(history.history.loss).toHaveLength(2);
  });

  it('refuses x and y of different lengths', async () => {
    const short = save('short.npy', npy('<f4', [3], new Uint8Array(12)));
    const iterate = async () => {
      for await (const _ of st.data.npyDataset(xPath, short)) void _;
    };
    await expect(iterate()).rejects.toThrow(
      /expected x and y with the same number of rows, got x of shape \(10, 2\), y of shape \(3\)/,
    );
  });
});
