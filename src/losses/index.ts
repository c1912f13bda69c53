// losses (rank 3): loss values, their gradients and the fused output shortcuts; imports core and tensor only
import { ConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { huber } from './huber.js';
import type { Loss } from './loss.js';
import { checkedLoss } from './checked.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

const builtIn = {
  meanSquaredError,
  meanAbsoluteError,
  huber,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
} as const;

// user code may call these directly: each checks its tensors (a few comparisons per call, not per element)
export const losses = Object.fromEntries(Object.entries(builtIn).map(([name, l]) => [name, checkedLoss(l)])) as {
  readonly [N in keyof typeof builtIn]: Loss;
};
/** Keras' and TF.js' short names for the same losses. */
const aliases = { mse: 'meanSquaredError', mae: 'meanAbsoluteError' } as const;
export type LossName = keyof typeof losses;
/** A loss name as compile() accepts it: the full name or Keras' short one. */
export type LossAlias = keyof typeof aliases;
export type { Loss, TargetKind } from './loss.js';
export { fusedGradient } from './fused.js';
export type { FusedGradient } from './fused.js';
export { checkTargets } from './targets.js';

export function resolveLoss(spec: unknown, where: string): Loss {
  // compile() checks the targets once for the whole fit: the engine's calls take the unchecked losses
  if (typeof spec === 'string' && Object.hasOwn(builtIn, spec)) return builtIn[spec as LossName];
  if (typeof spec === 'string' && Object.hasOwn(aliases, spec)) return builtIn[aliases[spec as LossAlias]];
  if (typeof spec === 'object' && spec !== null && 'value' in spec && 'gradient' in spec) return spec as Loss;
  throw new ConfigError({ where, ...unknownName('loss', spec, [...Object.keys(losses), ...Object.keys(aliases)]) });
}
