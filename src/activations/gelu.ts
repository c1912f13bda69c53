import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const gelu: Activation = {
  name: 'gelu',
  forward: (z, a) => kernelsFor(z.dtype).gelu(z.data, a.data),
  backward: (z, _a, dy, dz) => kernelsFor(z.dtype).geluBackward(z.data, dy.data, dz.data),
};
