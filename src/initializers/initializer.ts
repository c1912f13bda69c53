import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Shape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Fills a new weight; `className` and `config()` are the Keras / TF.js names for serialization. */
export interface Initializer {
  readonly className: string;
  fill(t: Tensor, rng: Rng): void;
  config(): Record<string, number | null>;
}

/** Keras' fans: a kernel [in, out] has fanIn = in, fanOut = out; leading dimensions are a receptive field. */
export function fans(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

export interface SeedConfig {
  /** A fixed seed for this initializer alone; otherwise it draws from the model's generator. */
  seed?: number;
}

/** Builds an initializer from how one value is drawn, given the fans and a generator. */
export function makeInitializer(
  className: string,
  config: Record<string, number | null | undefined>,
  draw: (rng: Rng, fanIn: number, fanOut: number) => number,
): Initializer {
  const seed = config.seed ?? null;
  return {
    className,
    fill(t, rng) {
      const source = seed === null ? rng : new Rng(seed);
      const [fanIn, fanOut] = fans(t.shape);
      for (let i = 0; i < t.size; i++) t.data[i] = draw(source, fanIn, fanOut);
    },
    config: () =>
      ({ ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)), seed }) as Record<
        string,
        number | null
      >,
  };
}

export function assertFinite(where: string, name: string, value: unknown, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (positive && value <= 0))
    throw new ConfigError({
      where,
      expected: `${name} to be a ${positive ? 'positive ' : ''}finite number`,
      received: String(value),
      hint: `Pass a ${positive ? 'positive ' : ''}number for ${name}, e.g. 0.05.`,
    });
  return value;
}
