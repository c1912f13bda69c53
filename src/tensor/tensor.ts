import { ConfigError, ShapeError, StateError } from '../core/errors.js';
import { formatShape, sizeOf, type Shape } from '../core/shape.js';
import { allocate, DTYPES, release, type DType, type FloatArray } from '../core/types.js';

/** Nested arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

/** Nested arrays of numbers as input; readonly arrays are accepted. */
export type NestedInput = number | readonly NestedInput[];

/** What `st.tensor()` and every public function that takes data accept. */
export type TensorLike = Tensor | FloatArray | NestedInput;

/** A row-major, batch-first block of numbers with a shape and a dtype. */
export class Tensor {
  #disposed = false;

  constructor(
    readonly data: FloatArray,
    readonly shape: Shape,
    readonly dtype: DType,
  ) {}

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Frees the storage now (WebAssembly memory goes back to its allocator) instead of when it is garbage-collected;
   * the tensor is empty afterwards and public functions refuse it. Calling it again does nothing.
   * @example
   * ```ts
   * import * as st from 'strata';
   * const x = st.tensor([[1, 2], [3, 4]]);
   * x.dispose();
   * console.log(x.isDisposed, x.size); // true 0
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    release(this.data);
    // an empty array, so a stale reference cannot read or write memory handed to another tensor
    (this as { data: FloatArray }).data = this.dtype === 'float64' ? new Float64Array(0) : new Float32Array(0);
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The values as nested arrays (a plain number for a scalar). */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.data[0];
    const build = (dim: number, offset: number): NestedArray[] => {
      const n = this.shape[dim];
      if (dim === this.shape.length - 1) return Array.from(this.data.subarray(offset, offset + n));
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: n }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** A copy, optionally in another dtype. */
  clone(dtype: DType = this.dtype): Tensor {
    const data = allocate(dtype, this.size);
    data.set(this.data);
    return new Tensor(data, [...this.shape], dtype);
  }

  toString(): string {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype})`;
  }
}

export function zeros(shape: Shape, dtype: DType): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), [...shape], dtype);
}

function inferShape(data: NestedInput, where: string): number[] {
  const shape: number[] = [];
  let level: NestedInput = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const check = (value: NestedInput, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof value !== 'number')
        throw new ShapeError({
          where,
          expected: `a number at ${path || 'the top level'}`,
          received: Array.isArray(value) ? 'an array' : typeof value,
          hint: 'Every row must have the same length.',
        });
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[dim])
      throw new ShapeError({
        where,
        expected: `${shape[dim]} entries at ${path || 'the top level'} (the shape of the first row)`,
        received: Array.isArray(value) ? `${value.length}` : `a ${typeof value}`,
        hint: 'Ragged arrays are not tensors: make every row the same length.',
      });
    value.forEach((v, i) => check(v, dim + 1, `${path}[${i}]`));
  };
  check(data, 0, '');
  return shape;
}

function flatten(data: NestedInput, out: FloatArray): void {
  let i = 0;
  const walk = (v: NestedInput): void => {
    if (typeof v === 'number') out[i++] = v;
    else v.forEach(walk);
  };
  walk(data);
}

/**
 * Creates a tensor from nested arrays, a typed array or another tensor (copied).
 *
 * @example
 * ```ts
 * import * as st from 'strata';
 * const x = st.tensor([[1, 2], [3, 4]]);
 * console.log(x.shape, x.dtype); // [2, 2] 'float32'
 * const flat = st.tensor([1, 2, 3, 4, 5, 6], [2, 3], 'float64');
 * console.log(flat.toArray()); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function tensor(data: TensorLike, shape?: Shape, dtype?: DType, where = 'tensor()'): Tensor {
  const type = dtype ?? (data instanceof Tensor ? data.dtype : data instanceof Float64Array ? 'float64' : 'float32');
  if (!DTYPES.includes(type))
    throw new ConfigError({ where, expected: `dtype 'float32' or 'float64'`, received: `'${String(type)}'` });
  let inferred: number[];
  let values: FloatArray;
  if (data instanceof Tensor) {
    assertLive(data, where);
    inferred = [...data.shape];
    values = allocate(type, data.size);
    values.set(data.data);
  } else if (data instanceof Float32Array || data instanceof Float64Array) {
    inferred = [data.length];
    values = allocate(type, data.length);
    values.set(data);
  } else if (typeof data === 'number' || Array.isArray(data)) {
    inferred = inferShape(data, where);
    values = allocate(type, sizeOf(inferred));
    flatten(data, values);
  } else {
    throw new ConfigError({
      where,
      expected: 'a Tensor, a Float32Array/Float64Array, a number or nested arrays of numbers',
      received: data === null ? 'null' : typeof data,
    });
  }
  if (shape === undefined) return new Tensor(values, inferred, type);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(shape) !== values.length)
    throw new ShapeError({
      where,
      expected: `a shape of ${values.length} elements for ${values.length} values`,
      received: `shape ${formatShape(shape)}${shape.every((d) => Number.isInteger(d) && d >= 0) ? ` (${sizeOf(shape)} elements)` : ''}`,
      hint: `Pass a shape whose dimensions multiply to ${values.length}.`,
    });
  return new Tensor(values, [...shape], type);
}

/** Throws when a disposed tensor reaches a public function. */
export function assertLive(t: Tensor, where: string): void {
  if (t.isDisposed)
    throw new StateError({
      where,
      expected: 'a tensor that was not disposed',
      received: `a disposed ${t.toString()}`,
      hint: 'dispose() frees a tensor for good; dispose it after its last use, or keep a clone().',
    });
}
