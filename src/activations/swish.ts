import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const swish: Activation = {
  name: 'swish',
  forward: (z, a) => kernelsFor(z.dtype).swish(z.data, a.data),
  backward: (z, _a, dy, dz) => kernelsFor(z.dtype).swishBackward(z.data, dy.data, dz.data),
};
