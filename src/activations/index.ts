// activations (rank 3): elementwise functions and their derivatives; imports core and tensor only
import { ConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import type { Activation } from './activation.js';
import { checkedActivation } from './checked.js';
import { elu } from './elu.js';
import { gelu } from './gelu.js';
import { leakyRelu } from './leaky-relu.js';
import { linear } from './linear.js';
import { relu } from './relu.js';
import { selu } from './selu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { softplus } from './softplus.js';
import { swish } from './swish.js';
import { tanh } from './tanh.js';

const builtIn = { linear, relu, sigmoid, tanh, softmax, leakyRelu, elu, selu, gelu, softplus, swish } as const;

// user code may call these directly: each checks its tensors (a few comparisons per call, not per element)
export const activations = Object.fromEntries(
  Object.entries(builtIn).map(([name, a]) => [name, checkedActivation(a)]),
) as { readonly [N in keyof typeof builtIn]: Activation };
export type ActivationName = keyof typeof activations;
export type { Activation } from './activation.js';

export const activationNames = Object.keys(activations) as ActivationName[];

export function getActivation(name: unknown, where: string): Activation {
  // the layers' own calls pass tensors they made: the unchecked functions
  if (typeof name === 'string' && Object.hasOwn(builtIn, name)) return builtIn[name as ActivationName];
  throw new ConfigError({ where, ...unknownName('activation', name, activationNames) });
}
