/** A concrete tensor shape, batch first: `[batch, features]`. */
export type Shape = readonly number[];

/** A shape with unknown dimensions as `null`, e.g. `[null, 4]` for any batch of 4 features. */
export type ShapeSpec = readonly (number | null)[];

/** Prints a shape as `[32, 3]`; unknown dimensions print as `batch` in the first place and `?` elsewhere. */
export function formatShape(shape: ShapeSpec): string {
  return `[${shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : '?') : String(d))).join(', ')}]`;
}

/** Keras-style `(None, 16)`, used by `summary()`. */
export function formatKerasShape(shape: ShapeSpec): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

export function shapesEqual(a: ShapeSpec, b: ShapeSpec): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** True when `shape` fits `spec`, where `null` in the spec matches any size. */
export function matchesSpec(shape: Shape, spec: ShapeSpec): boolean {
  return shape.length === spec.length && spec.every((d, i) => d === null || d === shape[i]);
}
