import { describeValue } from '../core/describe-value.js';
import { ConfigError } from '../core/errors.js';
import { forkGlobalRng, Rng } from '../core/rng.js';
import { DTYPES, type DType } from '../core/types.js';

/** Options every generator and every random split takes. */
export interface DataOptions {
  /** Seeds a private generator; without it one is forked from the global generator (see `st.setSeed`). */
  seed?: number;
  /** Element type of the returned tensors (default `'float32'`). */
  dtype?: DType;
}

export { describeValue };

export function resolveRng(where: string, seed: unknown): Rng {
  if (seed === undefined) return forkGlobalRng();
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
    throw new ConfigError({
      where,
      expected: 'seed as an integer',
      received: describeValue(seed),
      hint: 'Pass a whole number, e.g. seed: 42.',
    });
  return new Rng(seed);
}

export function resolveDtype(where: string, dtype: unknown): DType {
  if (dtype === undefined) return 'float32';
  if (!DTYPES.includes(dtype as DType))
    throw new ConfigError({
      where,
      expected: `dtype 'float32' or 'float64'`,
      received: describeValue(dtype),
      hint: "Leave dtype out for 'float32', or pass 'float64'.",
    });
  return dtype as DType;
}

/** The most of anything (examples, features, classes) a generator makes: beyond it memory runs out first. */
export const MAX_COUNT = 10_000_000;

/** An integer option in [min, MAX_COUNT]. */
export function intOption(where: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new ConfigError({
      where,
      expected: `${name} as an integer ≥ ${min}`,
      received: describeValue(value),
      hint:
        typeof value === 'number' && Number.isFinite(value) && value >= min
          ? `Pass a whole number, e.g. ${name}: ${Math.round(value)}.`
          : `Pass a whole number of at least ${min}.`,
    });
  if (value > MAX_COUNT)
    throw new ConfigError({
      where,
      expected: `${name} of at most ${MAX_COUNT.toLocaleString('en-US')}`,
      received: describeValue(value),
      hint: 'Generate data in parts of that size, or load a larger data set from a file.',
    });
  return value;
}

export interface NumberRange {
  min?: number;
  max?: number;
  /** Whether `max` itself is allowed (default true). */
  maxIncluded?: boolean;
}

/** A finite number option, optionally within bounds. */
export function numberOption(where: string, name: string, value: unknown, range: NumberRange = {}): number {
  const { min, max, maxIncluded = true } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || value >= min) &&
    (max === undefined || (maxIncluded ? value <= max : value < max));
  if (ok) return value;
  const expected =
    min !== undefined && max !== undefined
      ? `${name} in [${min}, ${max}${maxIncluded ? ']' : ')'}`
      : min !== undefined
        ? `${name} ≥ ${min}`
        : max !== undefined
          ? `${name} ${maxIncluded ? '≤' : '<'} ${max}`
          : `${name} as a finite number`;
  throw new ConfigError({
    where,
    expected,
    received: describeValue(value),
    hint: `Pick a finite value for ${name} inside that range.`,
  });
}

/** A boolean option. */
export function booleanOption(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new ConfigError({
      where,
      expected: `${name} as true or false`,
      received: describeValue(value),
      hint: `Pass ${name}: true or ${name}: false.`,
    });
  return value;
}

/** A `[low, high]` pair with low < high. */
export function intervalOption(where: string, name: string, value: unknown): [number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    !(value[0] < value[1])
  )
    throw new ConfigError({
      where,
      expected: `${name} as [low, high] with low < high`,
      received: Array.isArray(value) ? `[${value.map(describeValue).join(', ')}]` : describeValue(value),
      hint: `For example ${name}: [-1, 1].`,
    });
  return [value[0], value[1]];
}
