import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const sigmoid: Activation = {
  name: 'sigmoid',
  epilogue: 'sigmoid',
  forward: (z, a) => kernelsFor(z.dtype).sigmoid(z.data, a.data),
  backward: (z, a, dy, dz) => kernelsFor(z.dtype).sigmoidBackward(a.data, dy.data, dz.data),
};
