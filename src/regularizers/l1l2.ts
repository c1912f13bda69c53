import { ConfigError } from '../core/errors.js';
import { kernelsFor } from '../tensor/backend.js';
import type { Regularizer } from '../tensor/param.js';
import { checkOptionsObject } from '../core/options.js';

function check(where: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigError({
      where,
      expected: `${name} ≥ 0 and finite`,
      received: String(value),
      hint: `Typical values are small, e.g. ${name}: 1e-4.`,
    });
  return value;
}

function makeL1L2(l1: number, l2: number): Regularizer {
  return {
    className: 'L1L2',
    penalty: (w) => kernelsFor(w.dtype).l1l2(w.data, null, l1, l2),
    addGradient: (w, grad) => kernelsFor(w.dtype).l1l2(w.data, grad.data, l1, l2),
    config: () => ({ l1, l2 }),
  };
}

/**
 * Keras' L2 penalty `l2 · Σw²` (gradient `2·l2·w`), added to the reported loss.
 * The tutorials' `λ/(2m) · Σw²` is `l2({ l2: λ / (2m) })`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * st.layers.dense({ units: 8, kernelRegularizer: st.regularizers.l2({ l2: 1e-4 }) });
 * ```
 */
export const l2 = (config: { l2?: number } = {}): Regularizer => {
  checkOptionsObject('l2()', config);
  return makeL1L2(0, check('l2()', 'l2', config.l2 ?? 0.01));
};

/** Keras' L1 penalty `l1 · Σ|w|`. */
export const l1 = (config: { l1?: number } = {}): Regularizer => {
  checkOptionsObject('l1()', config);
  return makeL1L2(check('l1()', 'l1', config.l1 ?? 0.01), 0);
};

/** Both penalties, `l1 · Σ|w| + l2 · Σw²`. */
export const l1l2 = (config: { l1?: number; l2?: number } = {}): Regularizer => {
  checkOptionsObject('l1l2()', config);
  return makeL1L2(check('l1l2()', 'l1', config.l1 ?? 0.01), check('l1l2()', 'l2', config.l2 ?? 0.01));
};
