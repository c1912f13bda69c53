import { LEAKY_RELU_ALPHA } from '../activations/leaky-relu.js';
import { ConfigError } from '../core/errors.js';
import { allocate } from '../core/types.js';
import { Tensor } from '../tensor/tensor.js';
import type { PyTorchModule } from './layer-class.js';

/** A number as a Python float literal (Python reads `1e-07` and `0.2` as JavaScript writes them). */
export function pyNumber(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** A string as a Python literal: JSON's escapes are Python's. */
export const pyString = (value: string): string => JSON.stringify(value);

/** The `torch.nn` module of each activation, with Keras' constants (leakyRelu's slope 0.2, gelu with erf). */
const TORCH_ACTIVATIONS: Readonly<Record<string, string>> = {
  linear: 'nn.Identity()',
  relu: 'nn.ReLU()',
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  softmax: 'nn.Softmax(dim=-1)',
  leakyRelu: `nn.LeakyReLU(${pyNumber(LEAKY_RELU_ALPHA)})`,
  elu: 'nn.ELU(alpha=1.0)',
  selu: 'nn.SELU()',
  gelu: "nn.GELU(approximate='none')",
  // PyTorch's softplus is linear beyond 20, where log1p(exp(-x)) < 3e-9
  softplus: 'nn.Softplus()',
  swish: 'nn.SiLU()',
};

/** The Python expression of an activation's module; a ConfigError naming `where` for one PyTorch has no module for. */
export function torchActivation(name: string, where: string): string {
  if (Object.hasOwn(TORCH_ACTIVATIONS, name)) return TORCH_ACTIVATIONS[name];
  throw new ConfigError({
    where,
    expected: `an activation with a PyTorch module (${Object.keys(TORCH_ACTIVATIONS).join(', ')})`,
    received: `'${name}'`,
    hint: 'Use a built-in activation to export to PyTorch.',
  });
}

/** `t` with its axes reordered: axis i of the result is axis perm[i] of t (numpy's transpose). */
export function permute(t: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => t.shape[p]);
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = allocate(t.dtype, t.size);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let from = 0;
    for (let d = 0; d < shape.length; d++) from += index[d] * strides[perm[d]];
    out[i] = t.data[from];
    for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  return new Tensor(out, shape, t.dtype);
}

const inverse = (perm: readonly number[]): number[] => perm.map((_, i) => perm.indexOf(i));

/**
 * toTorch, fromTorch and keyOf for a layer whose PyTorch entries each hold one weight, its axes permuted:
 * `{ weight: ['kernel', [1, 0]], bias: ['bias'] }` is Dense (torch's Linear keeps [out, in]).
 */
export function torchWeights<W extends string>(
  entries: Readonly<Record<string, readonly [W, (readonly number[])?]>>,
): Omit<PyTorchModule<W>, 'module' | 'helpers'> {
  const keys = Object.keys(entries);
  return {
    toTorch: (weights) => {
      const out: Record<string, Tensor> = {};
      for (const key of keys) {
        const [name, perm] = entries[key];
        const w = weights[name];
        if (w) out[key] = perm ? permute(w, perm) : w;
      }
      return out;
    },
    fromTorch: (given) => {
      const out: Partial<Record<W, Tensor>> = {};
      for (const key of keys) {
        const [name, perm] = entries[key];
        if (given[key]) out[name] = perm ? permute(given[key], inverse(perm)) : given[key];
      }
      return out;
    },
    keyOf: Object.fromEntries(keys.map((k) => [entries[k][0], k])) as Partial<Record<W, string>>,
  };
}
