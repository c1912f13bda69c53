import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const tanh: Activation = {
  name: 'tanh',
  epilogue: 'tanh',
  forward: (z, a) => kernelsFor(z.dtype).tanh(z.data, a.data),
  backward: (z, a, dy, dz) => kernelsFor(z.dtype).tanhBackward(a.data, dy.data, dz.data),
};
