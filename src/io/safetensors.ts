import { FormatError } from '../core/errors.js';
import type { FloatArray } from '../core/types.js';
import { Tensor } from '../tensor/tensor.js';

/** What a safetensors file holds: named tensors and its `__metadata__` (strings only, by the format). */
export interface Safetensors {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

// the format's header is at most 100 MB (the reference reader's limit)
const MAX_HEADER = 100_000_000;
const FLOAT_SIZES: Readonly<Record<string, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

/**
 * Named tensors as safetensors bytes: an 8-byte little-endian header length, the JSON header (padded with spaces to
 * 8 bytes), then each tensor's values, little-endian, in the order given. float32 tensors are written as F32,
 * float64 ones as F64 (exact).
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = Object.keys(metadata).length > 0 ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = t.size * (t.dtype === 'float64' ? 8 : 4);
    header[name] = {
      dtype: t.dtype === 'float64' ? 'F64' : 'F32',
      shape: [...t.shape],
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    const wide = t.dtype === 'float64';
    for (let i = 0; i < t.size; i++, at += wide ? 8 : 4)
      if (wide) view.setFloat64(at, t.data[i], true);
      else view.setFloat32(at, t.data[i], true);
  }
  return out;
}

function fail(where: string, expected: string, received: string, hint?: string): never {
  throw new FormatError({ where, expected, received, hint: hint ?? 'The file is not safetensors or is damaged.' });
}

/** The value of an IEEE half-precision number. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function readValues(view: DataView, at: number, count: number, dtype: string): FloatArray {
  const out = dtype === 'F64' ? new Float64Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++)
    out[i] =
      dtype === 'F64'
        ? view.getFloat64(at + i * 8, true)
        : dtype === 'F32'
          ? view.getFloat32(at + i * 4, true)
          : dtype === 'F16'
            ? halfToNumber(view.getUint16(at + i * 2, true))
            : new Float32Array(new Uint32Array([view.getUint16(at + i * 2, true) << 16]).buffer)[0];
  return out;
}

/**
 * The tensors of safetensors bytes, checked: header, dtypes, shapes, and offsets that cover the data exactly.
 * F64 tensors come back as float64, F32, F16 and BF16 ones as float32; other dtypes are a FormatError naming them.
 */
export function decodeSafetensors(bytes: Uint8Array, where = 'decodeSafetensors()'): Safetensors {
  if (!(bytes instanceof Uint8Array)) fail(where, 'the bytes of a safetensors file (a Uint8Array)', typeof bytes);
  if (bytes.length < 8) fail(where, 'at least 8 bytes (the header length)', `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = Number(view.getBigUint64(0, true));
  if (length > MAX_HEADER || 8 + length > bytes.length)
    fail(where, `a header of at most ${Math.min(MAX_HEADER, bytes.length - 8)} bytes`, `a header length of ${length}`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length)));
  } catch (e) {
    fail(where, 'a JSON header', (e as Error).message.slice(0, 120));
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail(where, 'a JSON object as the header', JSON.stringify(header)?.slice(0, 60) ?? String(header));
  const { __metadata__: meta = {}, ...entries } = header as Record<string, unknown>;
  const metadata = meta as Record<string, string>;
  if (typeof meta !== 'object' || meta === null || Object.values(meta).some((v) => typeof v !== 'string'))
    fail(where, '__metadata__ as an object of strings', JSON.stringify(meta).slice(0, 60));
  const data = 8 + length;
  const spans: [number, number, string][] = [];
  const tensors: Record<string, Tensor> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as Record<string, unknown>;
    const at = `${where}: tensor '${name}'`;
    if (typeof dtype !== 'string' || !Object.hasOwn(FLOAT_SIZES, dtype))
      fail(at, 'a float dtype (F32, F64, F16 or BF16)', JSON.stringify(dtype), 'strata reads float weights only.');
    const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
    if (!Array.isArray(shape) || !shape.every(isCount)) fail(at, 'a shape of whole numbers', JSON.stringify(shape));
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount))
      fail(at, 'data_offsets [begin, end]', JSON.stringify(offsets));
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const [begin, end] = offsets as number[];
    if (end - begin !== count * FLOAT_SIZES[dtype] || data + end > bytes.length)
      fail(
        at,
        `${count * FLOAT_SIZES[dtype]} bytes inside the file`,
        `offsets [${begin}, ${end}] in ${bytes.length - data} bytes of data`,
      );
    spans.push([begin, end, name]);
    const values = readValues(view, data + begin, count, dtype);
    tensors[name] = new Tensor(values, shape as number[], dtype === 'F64' ? 'float64' : 'float32');
  }
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== covered) fail(`${where}: tensor '${name}'`, `data starting at byte ${covered}`, `${begin}`);
    covered = end;
  }
  if (data + covered !== bytes.length) fail(where, `${covered} bytes of tensor data`, `${bytes.length - data}`);
  return { tensors, metadata };
}
