import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const softplus: Activation = {
  name: 'softplus',
  forward: (z, a) => kernelsFor(z.dtype).softplus(z.data, a.data),
  backward: (z, _a, dy, dz) => kernelsFor(z.dtype).softplusBackward(z.data, dy.data, dz.data),
};
