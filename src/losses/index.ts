// losses (rank 3): loss values, their gradients and the fused output shortcuts; imports core and tensor only
import { ConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { huber } from './huber.js';
import type { Loss } from './loss.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

export const losses = {
  meanSquaredError,
  meanAbsoluteError,
  huber,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
} as const;
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
  if (typeof spec === 'string' && Object.hasOwn(losses, spec)) return losses[spec as keyof typeof losses];
  if (typeof spec === 'string' && Object.hasOwn(aliases, spec)) return losses[aliases[spec as keyof typeof aliases]];
  if (typeof spec === 'object' && spec !== null && 'value' in spec && 'gradient' in spec) return spec as Loss;
  throw new ConfigError({ where, ...unknownName('loss', spec, [...Object.keys(losses), ...Object.keys(aliases)]) });
}
