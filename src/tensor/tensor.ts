import { describeValue } from '../core/describe-value.js';
import { ConfigError, ShapeError, StateError } from '../core/errors.js';
import { formatShape, sizeOf, type Shape } from '../core/shape.js';
import { allocate, DTYPES, release, type DType, type FloatArray } from '../core/types.js';

/** Nested arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

/** Typed arrays of numbers: floats, and the integer arrays class labels and pixels often come in. */
export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/** Nested arrays of numbers as input, of any depth; readonly arrays and typed-array rows are accepted. */
export type NestedInput = number | NumericArray | readonly NestedInput[];

/** What `st.tensor()` and every public function that takes data accept. */
export type TensorLike = Tensor | NestedInput;

/** A row-major, batch-first block of numbers with a shape and a dtype. */
export class Tensor {
  #disposed = false;

  /** Wraps `data` (not copied) as a tensor of `shape`; the data must hold exactly the shape's number of values. */
  constructor(
    readonly data: FloatArray,
    readonly shape: Shape,
    readonly dtype: DType,
  ) {
    if (
      !isShape(shape) ||
      sizeOf(shape) !== data?.length ||
      !(data instanceof (dtype === 'float64' ? Float64Array : Float32Array))
    )
      throw new ShapeError({
        where: 'new Tensor(data, shape, dtype)',
        expected: `a ${dtype === 'float64' ? 'Float64Array' : 'Float32Array'} of as many values as the shape holds`,
        received: `${describeData(data)} for shape ${isShape(shape) ? `${formatShape(shape)} (${sizeOf(shape)} values)` : JSON.stringify(shape)}`,
        hint: 'Use st.tensor(values, shape) to build a tensor from any array; it copies and checks.',
      });
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Frees the storage now (never required: tensors are ordinary garbage-collected memory) and empties the tensor;
   * the tensor is empty afterwards and public functions refuse it. Calling it again does nothing.
   * @example
   * ```ts
   * import * as st from 'strata-nn';
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
    assertLive(this, 'toArray()');
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

function isShape(shape: unknown): shape is Shape {
  return Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0);
}

const NUMERIC_ARRAYS = [
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
];

/** True for the typed arrays `NumericArray` names (not BigInt64Array, not DataView). */
export function isNumericArray(value: unknown): value is NumericArray {
  return ArrayBuffer.isView(value) && NUMERIC_ARRAYS.some((type) => value instanceof type);
}

function describeData(data: unknown): string {
  if (isNumericArray(data)) return `a ${data.constructor.name} of ${data.length} values`;
  return data === null ? 'null' : Array.isArray(data) ? 'an array' : `a ${typeof data}`;
}

/** How a value that should be a number or a row is described in an error, with the fix that goes with it. */
function badEntry(value: unknown): { received: string; hint: string } {
  if (value === undefined)
    return {
      received: 'an empty slot (an array hole or undefined)',
      hint: 'Every position needs a value: check for a doubled comma such as [[0, 0], , [1, 0]].',
    };
  if (value === null) return { received: 'null', hint: 'Replace missing values with numbers, or drop those examples.' };
  if (typeof value === 'string')
    return { received: `the string ${JSON.stringify(value).slice(0, 40)}`, hint: 'Convert text to numbers first.' };
  if (Array.isArray(value) || isNumericArray(value))
    return { received: 'an array', hint: 'Ragged arrays are not tensors: give every row the same depth.' };
  return { received: `a ${typeof value}`, hint: 'Tensors hold numbers only.' };
}

/** The shape of nested input, read along the first entries and then checked everywhere (holes included). */
function inferShape(data: NestedInput, where: string): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level) || isNumericArray(level)) {
    shape.push(level.length);
    if (level.length === 0 || isNumericArray(level)) break;
    level = level[0];
  }
  const check = (value: unknown, dim: number, path: string): void => {
    const at = path || 'the top level';
    if (dim === shape.length) {
      if (typeof value !== 'number') throw new ShapeError({ where, expected: `a number at ${at}`, ...badEntry(value) });
      return;
    }
    if (isNumericArray(value) && dim === shape.length - 1 && value.length === shape[dim]) return;
    if (!(Array.isArray(value) || isNumericArray(value))) {
      const { received, hint } = badEntry(value);
      throw new ShapeError({ where, expected: `a row of ${shape[dim]} entries at ${at}`, received, hint });
    }
    if (value.length !== shape[dim])
      throw new ShapeError({
        where,
        expected: `${shape[dim]} entries at ${at} (the shape of the first row)`,
        received: `${value.length}`,
        hint: 'Ragged arrays are not tensors: make every row the same length.',
      });
    if (isNumericArray(value))
      throw new ShapeError({
        where,
        expected: `rows nested ${shape.length - dim} deep at ${at}`,
        received: `a ${value.constructor.name}`,
        hint: 'Ragged arrays are not tensors: give every row the same depth.',
      });
    // an index loop, not forEach: forEach skips holes, which would shift every later row
    for (let i = 0; i < value.length; i++) check(value[i], dim + 1, `${path}[${i}]`);
  };
  check(data, 0, '');
  return shape;
}

function flatten(data: NestedInput, out: FloatArray): void {
  let i = 0;
  const walk = (v: NestedInput): void => {
    if (typeof v === 'number') out[i++] = v;
    else if (isNumericArray(v)) {
      out.set(v, i);
      i += v.length;
    } else for (let j = 0; j < v.length; j++) walk(v[j]);
  };
  walk(data);
}

/**
 * Creates a tensor from nested arrays, a typed array or another tensor (copied).
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const x = st.tensor([[1, 2], [3, 4]]);
 * console.log(x.shape, x.dtype); // [2, 2] 'float32'
 * const flat = st.tensor([1, 2, 3, 4, 5, 6], [2, 3], 'float64');
 * console.log(flat.toArray()); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function tensor(data: TensorLike, shape?: Shape, dtype?: DType, where = 'tensor()'): Tensor {
  const type = dtype ?? (data instanceof Tensor ? data.dtype : data instanceof Float64Array ? 'float64' : 'float32');
  if (!DTYPES.includes(type))
    throw new ConfigError({
      where,
      expected: `dtype 'float32' or 'float64'`,
      received: `'${String(type)}'`,
      hint: "Pass 'float32' (the default) or 'float64'.",
    });
  if (shape !== undefined && !isShape(shape))
    throw new ConfigError({
      where,
      expected: 'a shape as an array of whole numbers ≥ 0, e.g. [2, 3]',
      received: JSON.stringify(shape) ?? String(shape),
      hint: 'Pass the shape as an array, or leave it out to read it from nested arrays.',
    });
  let inferred: number[];
  let values: FloatArray;
  if (data instanceof Tensor) {
    assertLive(data, where);
    inferred = [...data.shape];
    values = allocate(type, data.size);
    values.set(data.data);
  } else if (isNumericArray(data)) {
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
      expected:
        'a Tensor, a typed array (Float32Array, Int32Array, Uint8Array, …), a number or nested arrays of numbers',
      received: describeData(data),
      hint: 'Wrap plain values in arrays, e.g. st.tensor([[1, 2], [3, 4]]).',
    });
  }
  if (shape === undefined) return new Tensor(values, inferred, type);
  if (sizeOf(shape) !== values.length)
    throw new ShapeError({
      where,
      expected: `a shape of ${values.length} elements for ${values.length} values`,
      received: `shape ${formatShape(shape)} (${sizeOf(shape)} elements)`,
      hint: `Pass a shape whose dimensions multiply to ${values.length}.`,
    });
  return new Tensor(values, [...shape], type);
}

/** Throws when a disposed tensor reaches a public function. */
export function assertLive(t: Tensor, where: string): void {
  if (!(t instanceof Tensor))
    throw new ShapeError({
      where,
      expected: 'a Tensor',
      received: describeValue(t),
      hint: 'Make one from your values with st.tensor(values).',
    });
  if (t.isDisposed)
    throw new StateError({
      where,
      expected: 'a tensor that was not disposed',
      received: `a disposed ${t.toString()}`,
      hint: 'dispose() frees a tensor for good; dispose it after its last use, or keep a clone().',
    });
}
