import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const elu: Activation = {
  name: 'elu',
  forward: (z, a) => kernelsFor(z.dtype).elu(z.data, a.data, 1, 1),
  backward: (z, a, dy, dz) => kernelsFor(z.dtype).eluBackward(z.data, a.data, dy.data, dz.data, 1, 1),
};
