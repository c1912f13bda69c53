import { ConfigError } from './errors.js';

/** splitmix32 spreads one 32-bit seed over xoshiro's 128-bit state. */
function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** One xoshiro128** step over the four state words `s` (advanced in place): the next 32-bit output. */
export function xoshiro128(s: Int32Array): number {
  const s1 = s[1];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/** Uniform in [0, 1) with 53 random bits, from two steps. */
export function xoshiroDouble(s: Int32Array): number {
  const hi = xoshiro128(s) >>> 5;
  const lo = xoshiro128(s) >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/**
 * A seeded xoshiro128** generator: the one source of randomness for init, dropout and shuffling,
 * so the same seed trains bit-identically on every platform.
 */
export class Rng {
  readonly #s = new Int32Array(4);
  #spareNormal = NaN;

  constructor(seed: number) {
    checkSeed('new Rng(seed)', seed);
    const next = splitmix32(seed);
    for (let i = 0; i < 4; i++) this.#s[i] = next();
  }

  /** The live state words: kernels that draw from this stream (dropout masks) advance them in place. */
  get words(): Int32Array {
    return this.#s;
  }

  nextUint32(): number {
    return xoshiro128(this.#s);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    return xoshiroDouble(this.#s);
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Standard normal by Box–Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (!Number.isNaN(this.#spareNormal)) {
      const spare = this.#spareNormal;
      this.#spareNormal = NaN;
      return spare;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Normal cut at two standard deviations (redrawn beyond), as Keras' truncated normal. */
  truncatedNormal(): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= 2) return z;
    }
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  /** The full state (four words and the spare normal), to save and later continue the same stream. */
  getState(): number[] {
    return [...this.#s, this.#spareNormal];
  }

  /** Continues the stream getState() captured; null stands for the spare normal's NaN after a JSON round trip. */
  setState(state: readonly (number | null)[]): void {
    if (!Array.isArray(state) || state.length !== 5 || !state.slice(0, 4).every(Number.isInteger))
      throw new ConfigError({
        where: 'Rng.setState()',
        expected: 'the five numbers getState() returns',
        received: JSON.stringify(state),
        hint: 'Pass an array from rng.getState() unchanged.',
      });
    this.#s.set(state.slice(0, 4).map((v) => (v as number) | 0));
    this.#spareNormal = typeof state[4] === 'number' ? state[4] : NaN;
  }

  /** A new generator seeded from this one, so each consumer has its own stream. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalRng = new Rng((Math.random() * 2 ** 32) >>> 0);

/**
 * Seeds the one generator behind weight init, dropout masks, shuffling and validation splits:
 * the same seed gives bit-identical training.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * st.setSeed(42);
 * ```
 */
export function setSeed(seed: number): void {
  checkSeed('setSeed()', seed);
  globalRng = new Rng(seed);
}

function checkSeed(where: string, seed: unknown): void {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
    throw new ConfigError({
      where,
      expected: 'an integer seed',
      received: typeof seed === 'number' ? String(seed) : typeof seed,
      hint: `Seeds are whole numbers: pass e.g. ${typeof seed === 'number' && Number.isFinite(seed) ? Math.round(seed) : 42}.`,
    });
}

/** A generator forked from the global one. */
export function forkGlobalRng(): Rng {
  return globalRng.fork();
}
