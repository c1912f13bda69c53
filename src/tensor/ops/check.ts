import { ShapeError } from '../../core/errors.js';
import { formatShape, shapesEqual, type Shape } from '../../core/shape.js';
import { assertLive, type Tensor } from '../tensor.js';

/** Throws a ShapeError naming the op and both shapes: ops check once, so kernels never have to. */
export function expectShape(op: string, label: string, t: Tensor, shape: Shape): void {
  if (!shapesEqual(t.shape, shape)) shapeMismatch(op, label, t, shape);
}

/** Checks t has `like`'s shape with the last axis `last`, without building that shape (ops run per batch). */
export function expectLike(op: string, label: string, t: Tensor, like: Tensor, last: number): void {
  const a = t.shape;
  const b = like.shape;
  let same = a.length === b.length && a[a.length - 1] === last;
  for (let i = 0; same && i < a.length - 1; i++) same = a[i] === b[i];
  if (!same) shapeMismatch(op, label, t, withLastDim(b, last));
}

/** Checks t is a [rows, cols] matrix. */
export function expectMatrix(op: string, label: string, t: Tensor, rows: number, cols: number): void {
  if (t.rank !== 2 || t.shape[0] !== rows || t.shape[1] !== cols) shapeMismatch(op, label, t, [rows, cols]);
}

/** Checks t is a vector of n. */
export function expectVector(op: string, label: string, t: Tensor, n: number): void {
  if (t.rank !== 1 || t.shape[0] !== n) shapeMismatch(op, label, t, [n]);
}

function shapeMismatch(op: string, label: string, t: Tensor, shape: Shape): never {
  throw new ShapeError({
    where: op,
    expected: `${label} of shape ${formatShape(shape)}`,
    received: formatShape(t.shape),
    hint: 'A layer passed mismatched buffers to an op; the layer, not the data, is at fault.',
  });
}

export function expectSameDtype(op: string, a: Tensor, b: Tensor, c?: Tensor): void {
  if (a.dtype === b.dtype && (c === undefined || c.dtype === a.dtype)) return;
  const dtype = a.dtype;
  const other = b.dtype !== dtype ? b : c!;
  throw new ShapeError({
    where: op,
    expected: `every tensor in ${dtype}`,
    received: `a ${other.dtype} tensor ${formatShape(other.shape)}`,
    hint: 'A model runs in one dtype; convert with tensor.clone(dtype).',
  });
}

/** The last axis' size (1 for a scalar). */
export const lastDim = (t: Tensor): number => (t.shape.length === 0 ? 1 : t.shape[t.shape.length - 1]);

/** How many rows a tensor has when its last axis is the row: every leading position, batch included. */
export const rowCount = (t: Tensor): number => (t.size === 0 ? 0 : t.size / lastDim(t));

/** The shape with its last axis replaced. */
const withLastDim = (shape: Shape, last: number): number[] => [...shape.slice(0, -1), last];

/**
 * Checks t is [a, b, c, d] up to axes of size 1, which do not change where values lie: a sequence [batch, time,
 * channels] passes as the image [batch, 1, time, channels], a global pooling's [batch, channels] as [batch, 1, 1,
 * channels]. Compared without building either shape.
 */
export function expectDims(op: string, label: string, t: Tensor, a: number, b: number, c: number, d: number): void {
  const s = t.shape;
  let i = 0;
  let same = true;
  for (let k = 0; same && k < 4; k++) {
    const want = k === 0 ? a : k === 1 ? b : k === 2 ? c : d;
    if (want === 1) continue;
    while (i < s.length && s[i] === 1) i++;
    same = i < s.length && s[i++] === want;
  }
  while (same && i < s.length) same = s[i++] === 1;
  if (!same) shapeMismatch(op, label, t, [a, b, c, d]);
}

/** Checks a buffer has room for at least `size` values. */
export function expectAtLeast(op: string, label: string, t: Tensor, size: number): void {
  if (t.size < size)
    throw new ShapeError({
      where: op,
      expected: `${label} of at least ${size} values`,
      received: `${t.size} values ${formatShape(t.shape)}`,
      hint: 'A layer passed mismatched buffers to an op; the layer, not the data, is at fault.',
    });
}

/** Checks an index buffer (max pooling's argmax) holds one index per output value. */
export function expectIndices(op: string, indices: Int32Array, size: number): void {
  if (indices.length !== size)
    throw new ShapeError({
      where: op,
      expected: `an index buffer of ${size} values, one per output`,
      received: `${indices.length}`,
      hint: 'A layer passed mismatched buffers to an op; the layer, not the data, is at fault.',
    });
}

/** Tensors of one size and dtype, as an elementwise call (or softmax's row-wise one) writes its output over its input. */
export function expectElementwise(where: string, names: readonly string[], tensors: readonly Tensor[]): void {
  tensors.forEach((t, i) => assertLive(t, `${where} (${names[i]})`));
  const [first] = tensors;
  for (let i = 1; i < tensors.length; i++)
    if (tensors[i].size !== first.size || tensors[i].dtype !== first.dtype)
      throw new ShapeError({
        where,
        expected: `${names[i]} of the size and dtype of ${names[0]} (${first.size} ${first.dtype})`,
        received: `${tensors[i].size} ${tensors[i].dtype}`,
        hint: 'Pass output and gradient buffers shaped like the input, e.g. st.tensor(new Float32Array(z.size), z.shape).',
      });
}
