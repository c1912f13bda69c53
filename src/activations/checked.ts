import { expectElementwise } from '../tensor/ops/check.js';
import type { Activation } from './activation.js';

/** The activation with its tensors checked before the kernels run (for `st.activations`, called from user code). */
export function checkedActivation(activation: Activation): Activation {
  const where = `activations.${activation.name}`;
  return {
    ...activation,
    forward(z, a) {
      expectElementwise(`${where}.forward()`, ['z', 'a'], [z, a]);
      activation.forward(z, a);
    },
    backward(z, a, dy, dz) {
      expectElementwise(`${where}.backward()`, ['z', 'a', 'dy', 'dz'], [z, a, dy, dz]);
      activation.backward(z, a, dy, dz);
    },
  };
}
