import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

/** The slope of the `'leakyRelu'` activation: Keras 3's default negative slope. */
export const LEAKY_RELU_ALPHA = 0.2;

/** max(z, alpha·z), for a slope of one's own (the LeakyReLU layer's `alpha`). */
export function leakyReluWith(alpha: number): Activation {
  return {
    name: 'leakyRelu',
    forward: (z, a) => kernelsFor(z.dtype).leakyRelu(z.data, a.data, alpha),
    backward: (z, _a, dy, dz) => kernelsFor(z.dtype).leakyReluBackward(z.data, dy.data, dz.data, alpha),
  };
}

export const leakyRelu: Activation = leakyReluWith(LEAKY_RELU_ALPHA);
