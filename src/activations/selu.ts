import { kernelsFor } from '../tensor/backend.js';
import type { Activation } from './activation.js';

// the self-normalizing constants of Klambauer et al. (2017)
const ALPHA = 1.6732632423543772;
const SCALE = 1.0507009873554805;

export const selu: Activation = {
  name: 'selu',
  forward: (z, a) => kernelsFor(z.dtype).elu(z.data, a.data, ALPHA, SCALE),
  backward: (z, a, dy, dz) => kernelsFor(z.dtype).eluBackward(z.data, a.data, dy.data, dz.data, ALPHA, SCALE),
};
