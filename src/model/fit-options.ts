import { ConfigError } from '../core/errors.js';
import { unknownOption } from '../core/suggest.js';
import type { Callback } from '../callbacks/callback.js';
import type { TensorLike } from '../tensor/tensor.js';
import { checkOptionsObject } from '../core/options.js';

export interface FitOptions {
  /** Passes over the training data (default 1). */
  epochs?: number;
  /** Examples per gradient step (default 32, or every example when there are fewer). */
  batchSize?: number;
  /** A share in (0, 1) held out for validation by a seeded shuffled split; 0 means none. */
  validationSplit?: number;
  /** Held-out data, `[x, y]`; takes precedence over validationSplit. */
  validationData?: readonly [TensorLike, TensorLike];
  /** Reshuffle the training examples every epoch (default true), with the model's seeded generator. */
  shuffle?: boolean;
  /** 0 silent, 1 a progress line (default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  callbacks?: readonly Callback[];
  /** The epoch to start at when resuming (Keras' initialEpoch): trains epochs initialEpoch … epochs − 1. */
  initialEpoch?: number;
  /**
   * One loss weight per training example (Keras: the loss is Σ wᵢ·lᵢ / n), or, for a sequence target, one per step
   * of each example ([examples, steps], Keras' temporal weights): 0 on padded steps leaves them out of the loss.
   */
  sampleWeight?: TensorLike;
  /** A loss weight per class id, e.g. { 0: 1, 1: 5 } for a rare class 1; multiplies sampleWeight. */
  classWeight?: Readonly<Record<number, number>>;
}

export interface EvaluateOptions {
  batchSize?: number;
}

const FIT_KEYS = [
  'epochs',
  'batchSize',
  'validationSplit',
  'validationData',
  'shuffle',
  'verbose',
  'callbacks',
  'sampleWeight',
  'classWeight',
  'initialEpoch',
];

export function checkKeys(where: string, options: object, known: readonly string[]): void {
  checkOptionsObject(where, options);
  const unknown = unknownOption(options ?? {}, known);
  if (unknown) throw new ConfigError({ where, ...unknown });
}

export function positiveInteger(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new ConfigError({
      where,
      expected: `${name} to be an integer ≥ 1`,
      received: String(value),
      hint: `Pass a whole number, e.g. ${name}: 10.`,
    });
  return value;
}

/** Fit options with defaults filled in; the batch size is checked later against the training rows. */
export function normalizeFitOptions(options: FitOptions | undefined) {
  const where = 'fit()';
  const o = options ?? {};
  if (typeof o !== 'object')
    throw new ConfigError({
      where,
      expected: 'an options object',
      received: typeof o,
      hint: 'For example fit(x, y, { epochs: 10 }).',
    });
  checkKeys(where, o, FIT_KEYS);
  const epochs = positiveInteger(where, 'epochs', o.epochs ?? 1);
  const initialEpoch = o.initialEpoch ?? 0;
  if (typeof initialEpoch !== 'number' || !Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs)
    throw new ConfigError({
      where,
      expected: `initialEpoch a whole number in [0, ${epochs})`,
      received: String(initialEpoch),
      hint: 'epochs is the last epoch to reach, counted from the start: to train 10 more after 10, pass initialEpoch: 10, epochs: 20.',
    });
  const split = o.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1))
    throw new ConfigError({
      where,
      expected: 'validationSplit in (0, 1), or 0 for none',
      received: String(split),
      hint: 'validationSplit is a fraction: 0.2 holds out one example in five.',
    });
  const verbose = o.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2)
    throw new ConfigError({
      where,
      expected: 'verbose 0, 1 or 2',
      received: String(verbose),
      hint: '0 is silent, 1 a progress line, 2 one line per epoch.',
    });
  if (o.validationData !== undefined && (!Array.isArray(o.validationData) || o.validationData.length !== 2))
    throw new ConfigError({
      where,
      expected: 'validationData as [x, y]',
      received: String(o.validationData),
      hint: 'Pass the held-out inputs and targets as a pair: validationData: [xVal, yVal].',
    });
  checkCallbacks(where, o.callbacks);
  return {
    epochs,
    batchSize: o.batchSize,
    validationSplit: split,
    validationData: o.validationData,
    shuffle: o.shuffle ?? true,
    verbose,
    callbacks: o.callbacks ?? [],
    initialEpoch,
    sampleWeight: o.sampleWeight,
    classWeight: o.classWeight,
  } as const;
}

export function checkBatchSize(where: string, batchSize: unknown, rows: number, context: string): number {
  if (batchSize === undefined) return Math.min(32, rows);
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > rows)
    throw new ConfigError({
      where,
      expected: `batchSize an integer in [1, ${rows}] (${context})`,
      received: String(batchSize),
      hint:
        batchSize === Infinity || (typeof batchSize === 'number' && batchSize > rows)
          ? `Use batchSize: ${rows} for full-batch training.`
          : undefined,
    });
  return batchSize;
}

const HOOKS = ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd', 'onNonFinite'];

/** Callbacks as an array of objects whose hooks are functions; a misspelt or unsupported hook is named. */
export function checkCallbacks(where: string, callbacks: unknown): void {
  if (callbacks === undefined) return;
  if (!Array.isArray(callbacks))
    throw new ConfigError({
      where,
      expected: 'callbacks as an array',
      received: callbacks === null ? 'null' : typeof callbacks,
      hint: 'Wrap it in brackets: callbacks: [st.callbacks.earlyStopping()].',
    });
  callbacks.forEach((c: unknown, i) => {
    const at = `callbacks[${i}]`;
    if (typeof c !== 'object' || c === null)
      throw new ConfigError({
        where,
        expected: `${at} to be an object with hooks such as onEpochEnd`,
        received: c === null ? 'null' : typeof c,
        hint: 'Pass { onEpochEnd: (epoch, logs) => … } or a callback from st.callbacks.',
      });
    const hooks = c as Record<string, unknown>;
    for (const hook of HOOKS)
      if (hook in hooks && hooks[hook] !== undefined && typeof hooks[hook] !== 'function')
        throw new ConfigError({
          where,
          expected: `${at}.${hook} to be a function`,
          received: typeof hooks[hook],
          hint: `Pass a function, e.g. ${hook}: (…) => { … }.`,
        });
    const unknown = unknownOption(
      Object.fromEntries(
        Object.keys(hooks)
          .filter((k) => /^on[A-Z]/.test(k))
          .map((k) => [k, true]),
      ),
      HOOKS,
    );
    if (unknown) throw new ConfigError({ where, ...unknown, expected: `${at}'s hooks among ${HOOKS.join(', ')}` });
  });
}
