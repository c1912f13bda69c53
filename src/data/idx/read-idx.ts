import { FormatError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { Tensor } from '../../tensor/tensor.js';

/** The element types an IDX file can hold, by the third byte of its magic number. */
export type IdxType = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';

const TYPES: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: 'ubyte', bytes: 1 },
  0x09: { type: 'sbyte', bytes: 1 },
  0x0b: { type: 'short', bytes: 2 },
  0x0c: { type: 'int', bytes: 4 },
  0x0d: { type: 'float', bytes: 4 },
  0x0e: { type: 'double', bytes: 8 },
};

/** What an IDX file holds: its element type and its values as a tensor of the header's shape. */
export interface IdxArray {
  readonly type: IdxType;
  /** float32 for every type but double (float64); the values as stored, not scaled. */
  readonly values: Tensor;
}

const hex = (bytes: Uint8Array, n: number) =>
  Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');

function badMagic(where: string, bytes: Uint8Array): FormatError {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return new FormatError({
    where,
    expected: 'an IDX file (magic number 00 00 <type> <dims>)',
    received: bytes.length < 4 ? `${bytes.length} bytes` : `${gzip ? 'gzip data, ' : ''}bytes ${hex(bytes, 4)}`,
    hint: gzip
      ? 'Decompress it first (gunzip FILE.gz; the strata CLI reads .gz files itself).'
      : 'Pass the MNIST-style .idx file itself (e.g. train-images-idx3-ubyte).',
  });
}

/**
 * Parses the bytes of an IDX file (the format MNIST is distributed in): big-endian values of the type and shape
 * its header names. The values are returned as stored; `idxImages` and `idxLabels` make model inputs of them.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * // magic 00 00 08 (ubyte) 02 (two dimensions), then the sizes 2 and 3 as big-endian uint32, then 6 bytes
 * const bytes = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);
 * const { type, values } = st.data.readIdx(bytes);
 * console.log(type, values.shape, values.toArray()); // 'ubyte' [2, 3] [[1, 2, 3], [4, 5, 255]]
 * ```
 */
export function readIdx(bytes: Uint8Array, where = 'readIdx()'): IdxArray {
  if (!(bytes instanceof Uint8Array))
    throw new FormatError({
      where,
      expected: 'the file as a Uint8Array',
      received: bytes === null ? 'null' : typeof bytes,
      hint: 'Read it as bytes, e.g. new Uint8Array(readFileSync(path)) in Node or await file.bytes() in a page.',
    });
  const kind = TYPES[bytes[2]];
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || kind === undefined || bytes[3] === 0)
    throw badMagic(where, bytes);
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < header)
    throw new FormatError({
      where,
      expected: `a header of ${header} bytes (${rank} dimension sizes)`,
      received: `${bytes.length} bytes in all`,
      hint: 'The file is truncated: download or copy it again.',
    });
  const shape = Array.from({ length: rank }, (_, d) => view.getUint32(4 + 4 * d));
  const count = shape.reduce((a, b) => a * b, 1);
  const expectedBytes = header + count * kind.bytes;
  if (bytes.length !== expectedBytes)
    throw new FormatError({
      where,
      expected: `${expectedBytes} bytes (${kind.type} values of shape ${formatShape(shape)} after the header)`,
      received: `${bytes.length} bytes`,
      hint:
        bytes.length < expectedBytes
          ? 'The file is truncated: download or copy it again.'
          : 'The file has bytes after its values: pass one IDX file, not several joined.',
    });
  const out = kind.type === 'double' ? new Float64Array(count) : new Float32Array(count);
  const read: (at: number) => number =
    kind.type === 'ubyte'
      ? (at) => bytes[at]
      : kind.type === 'sbyte'
        ? (at) => view.getInt8(at)
        : kind.type === 'short'
          ? (at) => view.getInt16(at)
          : kind.type === 'int'
            ? (at) => view.getInt32(at)
            : kind.type === 'float'
              ? (at) => view.getFloat32(at)
              : (at) => view.getFloat64(at);
  // ubyte (MNIST's pixels and labels) needs no byte order: one copy instead of a call per value
  if (kind.type === 'ubyte') out.set(bytes.subarray(header));
  else for (let i = 0, at = header; i < count; i++, at += kind.bytes) out[i] = read(at);
  return { type: kind.type, values: new Tensor(out, shape, kind.type === 'double' ? 'float64' : 'float32') };
}
