import { FormatError } from '../../core/errors.js';

/** What a .npy header says: how to read the array that follows it. */
export interface NpyHeader {
  /** Element type as NumPy writes it without the byte order: f4, f8, i1, i2, i4, i8, u1, u2, u4, u8, b1. */
  readonly kind: string;
  readonly littleEndian: boolean;
  readonly bytesPerElement: number;
  readonly shape: readonly number[];
  /** Where the data starts, in bytes from the start of the file. */
  readonly dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const SIZES: Record<string, number> = { f4: 4, f8: 8, i1: 1, i2: 2, i4: 4, i8: 8, u1: 1, u2: 2, u4: 4, u8: 8, b1: 1 };

/** How many leading bytes are enough to read any header strata accepts (NumPy pads headers to 64 bytes). */
export const NPY_HEADER_PROBE = 65536;

/**
 * Reads a .npy header (format versions 1–3) from the file's first bytes. Only C-order arrays of numbers are
 * accepted; anything else is a FormatError that says how to write the file from NumPy.
 */
export function parseNpyHeader(bytes: Uint8Array, where: string): NpyHeader {
  const fail = (expected: string, received: string, hint?: string): never => {
    throw new FormatError({ where, expected, received, hint });
  };
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b))
    fail('a .npy file (it starts with \\x93NUMPY)', 'other bytes', 'Write it with numpy.save(path, array).');
  const major = bytes[6];
  if (major < 1 || major > 3) fail('.npy format version 1, 2 or 3', `version ${major}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  if (start + headerLength > bytes.length)
    fail(
      `a header of at most ${NPY_HEADER_PROBE} bytes`,
      `${headerLength} bytes`,
      'The file is truncated or not a .npy file.',
    );
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([<>|=])([a-z]\d+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shapeText)
    fail("a header with 'descr', 'fortran_order' and 'shape'", JSON.stringify(text.slice(0, 80)));
  const kind = descr![2];
  if (!(kind in SIZES))
    fail(
      'an array of numbers (float32, float64, integers or bools)',
      `dtype '${descr![1]}${kind}'`,
      'Convert it in NumPy first, e.g. numpy.save(path, array.astype(numpy.float32)).',
    );
  if (fortran![1] === 'True')
    fail('a C-order array', 'fortran_order True', 'Save numpy.ascontiguousarray(array) instead.');
  const shape = shapeText![1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail('a shape of whole numbers', `(${shapeText![1]})`);
  return {
    kind,
    littleEndian: descr![1] !== '>',
    bytesPerElement: SIZES[kind],
    shape,
    dataOffset: start + headerLength,
  };
}

/** Reads `count` elements of the header's type from `bytes` into `out` as numbers. */
export function decodeNpy(header: NpyHeader, bytes: Uint8Array, out: { [i: number]: number }, count: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = header.littleEndian;
  const size = header.bytesPerElement;
  const read: (offset: number) => number = {
    f4: (o: number) => view.getFloat32(o, le),
    f8: (o: number) => view.getFloat64(o, le),
    i1: (o: number) => view.getInt8(o),
    i2: (o: number) => view.getInt16(o, le),
    i4: (o: number) => view.getInt32(o, le),
    i8: (o: number) => Number(view.getBigInt64(o, le)),
    u1: (o: number) => view.getUint8(o),
    u2: (o: number) => view.getUint16(o, le),
    u4: (o: number) => view.getUint32(o, le),
    u8: (o: number) => Number(view.getBigUint64(o, le)),
    b1: (o: number) => view.getUint8(o),
  }[header.kind]!;
  for (let i = 0; i < count; i++) out[i] = read(i * size);
}
