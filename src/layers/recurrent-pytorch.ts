// PyTorch module of SimpleRNN, LSTM and GRU: one small module running Keras' cells step by step, so every
// activation, GRU's reset before or after, and goBackwards go across exactly; the weights keep Keras' layout
import { ConfigError } from '../core/errors.js';
import type { ShapeSpec } from '../core/shape.js';
import type { PyTorchModule } from './layer-class.js';
import { describeLayer, type Layer } from './layer.js';
import { torchActivation, torchWeights } from './pytorch.js';

type RecurrentWeight = 'kernel' | 'recurrent_kernel' | 'bias';

const RECURRENT_PY = `class StrataRecurrent(nn.Module):
    """Keras' SimpleRNN ("rnn"), LSTM and GRU on [batch, time, features], weights in Keras' layout and gate order
    (LSTM i, f, c, o; GRU z, r, h): kernel [in, k*units], recurrent_kernel [units, k*units], bias [k*units], or
    [2, 3*units] for GRU with reset_after (input and recurrent rows). go_backwards reads the sequence from its end
    and returns it in the order read, as Keras."""

    def __init__(self, cell, features, units, use_bias, activation, recurrent_activation, return_sequences,
                 go_backwards, reset_after=False):
        super().__init__()
        k = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
        self.cell, self.units, self.reset_after = cell, units, reset_after
        self.return_sequences, self.go_backwards = return_sequences, go_backwards
        self.activation, self.recurrent_activation = activation, recurrent_activation
        self.kernel = nn.Parameter(torch.zeros(features, k * units))
        self.recurrent_kernel = nn.Parameter(torch.zeros(units, k * units))
        shape = (2, k * units) if reset_after else (k * units,)
        self.bias = nn.Parameter(torch.zeros(shape)) if use_bias else None

    def forward(self, x):
        u, act, gate = self.units, self.activation, self.recurrent_activation
        if self.go_backwards:
            x = x.flip(1)
        zs = x @ self.kernel
        if self.bias is not None:
            zs = zs + (self.bias[0] if self.reset_after else self.bias)
        h = x.new_zeros(x.shape[0], u)
        c = x.new_zeros(x.shape[0], u)
        states = []
        for t in range(x.shape[1]):
            z = zs[:, t]
            if self.cell == "rnn":
                h = act(z + h @ self.recurrent_kernel)
            elif self.cell == "lstm":
                i, f, g, o = (z + h @ self.recurrent_kernel).split(u, dim=1)
                c = gate(f) * c + gate(i) * act(g)
                h = gate(o) * act(c)
            else:
                xz, xr, xh = z.split(u, dim=1)
                if self.reset_after:
                    rec = h @ self.recurrent_kernel
                    if self.bias is not None:
                        rec = rec + self.bias[1]
                    hz, hr, hh = rec.split(u, dim=1)
                    update, reset = gate(xz + hz), gate(xr + hr)
                    candidate = act(xh + reset * hh)
                else:
                    uz, ur, uh = self.recurrent_kernel.split(u, dim=1)
                    update, reset = gate(xz + h @ uz), gate(xr + h @ ur)
                    candidate = act(xh + (reset * h) @ uh)
                h = update * h + (1 - update) * candidate
            states.append(h)
        return torch.stack(states, dim=1) if self.return_sequences else h
`;

/** A recurrent layer as StrataRecurrent; dropout has no counterpart there, so a layer with it is refused. */
export function recurrentPyTorch(
  layer: Layer & { readonly units: number },
  cell: 'rnn' | 'lstm' | 'gru',
  inputShape: ShapeSpec,
  resetAfter = false,
): PyTorchModule<RecurrentWeight> {
  const c = layer.config() as Record<string, unknown>;
  const where = describeLayer(layer);
  if ((c.dropout as number) > 0 || (c.recurrentDropout as number) > 0)
    throw new ConfigError({
      where: 'exportPyTorch()',
      expected: 'a recurrent layer without dropout or recurrentDropout (their masks are not written for PyTorch)',
      received: `dropout ${String(c.dropout)}, recurrentDropout ${String(c.recurrentDropout)} in ${where}`,
      hint: 'Export a copy of the model built with dropout: 0 and recurrentDropout: 0, with the same weights.',
    });
  const flag = (on: unknown) => (on ? 'True' : 'False');
  const gate = torchActivation((c.recurrentActivation as string | undefined) ?? 'sigmoid', where);
  const args = [
    `"${cell}"`,
    inputShape[inputShape.length - 1],
    layer.units,
    flag(c.useBias),
    torchActivation(c.activation as string, where),
    gate,
    flag(c.returnSequences),
    flag(c.goBackwards),
    flag(resetAfter),
  ];
  return {
    module: `StrataRecurrent(${args.join(', ')})`,
    helpers: { StrataRecurrent: RECURRENT_PY },
    ...torchWeights<RecurrentWeight>({
      kernel: ['kernel'],
      recurrent_kernel: ['recurrent_kernel'],
      bias: ['bias'],
    }),
  };
}
