import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const relu: Activation = {
  name: 'relu',
  epilogue: 'relu',
  forward: (z, a) => kernelsFor(z.dtype).relu(z.data, a.data),
  backward: (z, _a, dy, dz) => kernelsFor(z.dtype).reluBackward(z.data, dy.data, dz.data),
};
