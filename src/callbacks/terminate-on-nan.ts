import type { Callback } from './callback.js';

/**
 * Ends training quietly when a loss becomes NaN or Infinity, instead of throwing: fit resolves with the History so
 * far, `history.stoppedEpoch` set, and the model keeps the last finite weights.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const guard = st.callbacks.terminateOnNaN();
 * ```
 */
export function terminateOnNaN(log: (line: string) => void = console.log): Callback {
  return {
    onNonFinite(error, ctx) {
      log(`Batch ${error.batch}: invalid loss, terminating training (${error.received}).`);
      ctx.stopTraining = true;
      return true;
    },
  };
}
