import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

export const softmax: Activation = {
  name: 'softmax',
  forward: (z, a) => kernelsFor(z.dtype).softmax(z.data, a.data, z.shape[0], z.size / z.shape[0]),
  backward: (z, a, dy, dz) =>
    kernelsFor(z.dtype).softmaxBackward(a.data, dy.data, dz.data, z.shape[0], z.size / z.shape[0]),
};
