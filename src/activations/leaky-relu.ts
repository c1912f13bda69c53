import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

/** Keras 3's default negative slope. */
const ALPHA = 0.2;

export const leakyRelu: Activation = {
  name: 'leakyRelu',
  forward: (z, a) => kernelsFor(z.dtype).leakyRelu(z.data, a.data, ALPHA),
  backward: (z, _a, dy, dz) => kernelsFor(z.dtype).leakyReluBackward(z.data, dy.data, dz.data, ALPHA),
};
