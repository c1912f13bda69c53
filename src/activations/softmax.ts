import { kernelsFor } from '../tensor/backend.js';
import { lastDim, rowCount } from '../tensor/ops/check.js';
import type { Activation } from './activation.js';

export const softmax: Activation = {
  name: 'softmax',
  forward: (z, a) => kernelsFor(z.dtype).softmax(z.data, a.data, rowCount(z), lastDim(z)),
  backward: (z, a, dy, dz) => kernelsFor(z.dtype).softmaxBackward(a.data, dy.data, dz.data, rowCount(z), lastDim(z)),
};
