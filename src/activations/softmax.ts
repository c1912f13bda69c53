import { kernelsFor } from '../tensor/backend.js';
import { rowsAndCols, type Activation } from './activation.js';

export const softmax: Activation = {
  name: 'softmax',
  forward: (z, a) => kernelsFor(z.dtype).softmax(z.data, a.data, ...rowsAndCols(z)),
  backward: (z, a, dy, dz) => kernelsFor(z.dtype).softmaxBackward(a.data, dy.data, dz.data, ...rowsAndCols(z)),
};
