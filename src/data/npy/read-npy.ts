import { ConfigError, FormatError } from '../../core/errors.js';
import { nodeFs } from '../../core/node-fs.js';
import { Rng } from '../../core/rng.js';
import { unknownOption } from '../../core/suggest.js';
import type { DType } from '../../core/types.js';
import { zeros, type Tensor } from '../../tensor/tensor.js';
import { intOption, resolveDtype } from '../data-options.js';
import { decodeNpy, NPY_HEADER_PROBE, parseNpyHeader, type NpyHeader } from './npy-header.js';

export interface ReadNpyOptions {
  /** Rows [start, end) along the first axis; only their bytes are read from a file (default: all). */
  rows?: readonly [number, number];
  /** Element type of the tensor (default float64 for a float64 array, else float32). */
  dtype?: DType;
}

/** A .npy array opened for reading rows: its header and a way to read a byte range. */
interface NpyFile {
  readonly header: NpyHeader;
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

function openNpy(source: string | Uint8Array | ArrayBuffer, where: string): NpyFile {
  if (typeof source !== 'string') {
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : source;
    if (!(bytes instanceof Uint8Array))
      throw new ConfigError({
        where,
        expected: 'a .npy file path, or its bytes as a Uint8Array or ArrayBuffer',
        received: source === null ? 'null' : typeof source,
        hint: "In Node pass the path ('x.npy'); in a browser, the bytes of the file (await file.arrayBuffer()).",
      });
    return { header: parseNpyHeader(bytes, where), read: (o, n) => bytes.subarray(o, o + n), close: () => {} };
  }
  const fs = nodeFs(where);
  let fd: number;
  try {
    fd = fs.openSync(source, 'r');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FormatError({
      where,
      expected: 'a readable .npy file',
      received: `${source} (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`,
      hint: 'Check the path; it is read relative to the current folder.',
    });
  }
  const size = fs.fstatSync(fd).size;
  const read = (offset: number, length: number) => {
    const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
    let done = 0;
    while (done < out.length) {
      const n = fs.readSync(fd, out, done, out.length - done, offset + done);
      if (n <= 0) break;
      done += n;
    }
    return out.subarray(0, done);
  };
  try {
    return {
      header: parseNpyHeader(read(0, NPY_HEADER_PROBE), `${where}: ${source}`),
      read,
      close: () => fs.closeSync(fd),
    };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/** Rows [start, end) of an opened array as a tensor; only those rows' bytes are read. */
function readRows(file: NpyFile, start: number, end: number, dtype: DType, where: string): Tensor {
  const { header } = file;
  const inner = header.shape.slice(1);
  const perRow = inner.reduce((a, b) => a * b, 1);
  const rowBytes = perRow * header.bytesPerElement;
  const bytes = file.read(header.dataOffset + start * rowBytes, (end - start) * rowBytes);
  if (bytes.length < (end - start) * rowBytes)
    throw new FormatError({
      where,
      expected: `${(end - start) * rowBytes} bytes for rows ${start}–${end - 1}`,
      received: `${bytes.length}`,
      hint: 'The file is truncated: save the array again.',
    });
  const out = zeros(header.shape.length === 0 ? [] : [end - start, ...inner], dtype);
  decodeNpy(header, bytes, out.data, out.size);
  return out;
}

function rowRange(header: NpyHeader, rows: unknown, where: string): [number, number] {
  const count = header.shape[0] ?? 1;
  if (rows === undefined) return [0, count];
  const [start, end] = Array.isArray(rows) ? (rows as number[]) : [];
  if (
    header.shape.length === 0 ||
    !Array.isArray(rows) ||
    rows.length !== 2 ||
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > count ||
    start >= end
  )
    throw new ConfigError({
      where,
      expected: `rows as [start, end) with 0 ≤ start < end ≤ ${count}`,
      received: JSON.stringify(rows),
      hint: `For the first 1000 rows pass rows: [0, 1000]; the array has ${count}.`,
    });
  return [start, end];
}

/**
 * Reads a NumPy `.npy` array (from `numpy.save`) as a tensor: a path in Node, or the file's bytes anywhere. With
 * `rows`, only those rows are read from the file, so a large array can be taken in parts.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * // the bytes numpy.save writes for numpy.array([[1, 2], [3, 4]], dtype=numpy.float32)
 * const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
 * const padded = header.padEnd(118, ' ') + '\n';
 * const bytes = new Uint8Array([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, padded.length, 0,
 *   ...new TextEncoder().encode(padded), ...new Uint8Array(Float32Array.of(1, 2, 3, 4).buffer)]);
 * console.log(st.data.readNpy(bytes).toArray()); // [[1, 2], [3, 4]]
 * ```
 */
export function readNpy(source: string | Uint8Array | ArrayBuffer, options: ReadNpyOptions = {}): Tensor {
  const where = 'readNpy()';
  const unknown = unknownOption(options ?? {}, ['rows', 'dtype']);
  if (unknown) throw new ConfigError({ where, ...unknown });
  const file = openNpy(source, where);
  try {
    const [start, end] = rowRange(file.header, options.rows, where);
    const dtype = resolveDtype(where, options.dtype ?? (file.header.kind === 'f8' ? 'float64' : 'float32'));
    return readRows(file, start, end, dtype, where);
  } finally {
    file.close();
  }
}

export interface NpyDatasetOptions {
  /** Rows per batch (default 32). */
  batchSize?: number;
  /** Visit the batches in a new seeded order each pass (default false: file order). */
  shuffle?: boolean;
  /** Seeds the shuffle (default 0). */
  seed?: number;
  dtype?: DType;
}

/**
 * Batches `{ x, y }` read from two `.npy` files row range by row range, for `model.fitDataset` on arrays bigger than
 * memory. Both arrays need the same number of rows; each pass opens the files again.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * // in Node, with x.npy [n, features] and y.npy [n] or [n, 1] saved from NumPy:
 * // await model.fitDataset(st.data.npyDataset('x.npy', 'y.npy', { batchSize: 256, shuffle: true }), { epochs: 5 });
 * console.log(typeof st.data.npyDataset); // 'function'
 * ```
 */
export function npyDataset(
  x: string,
  y: string,
  options: NpyDatasetOptions = {},
): AsyncIterable<{ x: Tensor; y: Tensor }> {
  const where = 'npyDataset()';
  const unknown = unknownOption(options ?? {}, ['batchSize', 'shuffle', 'seed', 'dtype']);
  if (unknown) throw new ConfigError({ where, ...unknown });
  if (typeof x !== 'string' || typeof y !== 'string')
    throw new ConfigError({
      where,
      expected: 'the paths of the x and y .npy files',
      received: `${typeof x} and ${typeof y}`,
      hint: "For example npyDataset('x.npy', 'y.npy').",
    });
  const batchSize = intOption(where, 'batchSize', options.batchSize ?? 32, 1);
  const seed = options.seed === undefined ? 0 : intOption(where, 'seed', options.seed, 0);
  const dtype = options.dtype === undefined ? undefined : resolveDtype(where, options.dtype);
  let pass = 0;
  return {
    async *[Symbol.asyncIterator]() {
      const fx = openNpy(x, `${where}: x`);
      const fy = openNpy(y, `${where}: y`);
      try {
        const rows = fx.header.shape[0];
        if (fx.header.shape.length === 0 || rows !== fy.header.shape[0])
          throw new FormatError({
            where,
            expected: 'x and y with the same number of rows',
            received: `x of shape (${fx.header.shape.join(', ')}), y of shape (${fy.header.shape.join(', ')})`,
            hint: 'Save one target row per input row.',
          });
        const order = Int32Array.from({ length: Math.ceil(rows / batchSize) }, (_, i) => i);
        if (options.shuffle) new Rng(seed + pass).shuffle(order);
        pass++;
        const typeOf = (f: NpyFile) => dtype ?? (f.header.kind === 'f8' ? 'float64' : 'float32');
        for (const b of order) {
          const start = b * batchSize;
          const end = Math.min(rows, start + batchSize);
          yield {
            x: readRows(fx, start, end, typeOf(fx), `${where}: x`),
            y: readRows(fy, start, end, typeOf(fy), `${where}: y`),
          };
        }
      } finally {
        fx.close();
        fy.close();
      }
    },
  };
}
