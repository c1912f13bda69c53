// PyTorch module of SimpleRNN, LSTM, GRU and Bidirectional: one small module running Keras' cells step by step, so
// every activation, GRU's reset before or after, goBackwards, masks and dropout go across exactly; the weights keep
// Keras' layout
import type { ShapeSpec } from '../core/shape.js';
import type { PyTorchModule } from './layer-class.js';
import { describeLayer, type Layer } from './layer.js';
import { pyNumber, pyString, torchActivation, torchWeights } from './pytorch.js';

type RecurrentWeight = 'kernel' | 'recurrent_kernel' | 'bias';
type Cell = 'rnn' | 'lstm' | 'gru';

const RECURRENT_PY = `class StrataRecurrent(nn.Module):
    """Keras' SimpleRNN ("rnn"), LSTM and GRU on [batch, time, features], weights in Keras' layout and gate order
    (LSTM i, f, c, o; GRU z, r, h): kernel [in, k*units], recurrent_kernel [units, k*units], bias [k*units], or
    [2, 3*units] for GRU with reset_after (input and recurrent rows). go_backwards reads the sequence from its end
    and returns it in the order read, as Keras. mask [batch, time] (True: a real step): a padded step keeps the
    state and outputs it again. In training, dropout and recurrent_dropout draw one mask per sequence (Keras 3), for
    the inputs and for the previous state the cell reads (GRU's update included); in eval mode they do nothing."""

    def __init__(self, cell, features, units, use_bias, activation, recurrent_activation, return_sequences,
                 go_backwards, reset_after=False, dropout=0.0, recurrent_dropout=0.0):
        super().__init__()
        k = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
        self.cell, self.units, self.reset_after = cell, units, reset_after
        self.return_sequences, self.go_backwards = return_sequences, go_backwards
        self.activation, self.recurrent_activation = activation, recurrent_activation
        self.dropout, self.recurrent_dropout = dropout, recurrent_dropout
        self.kernel = nn.Parameter(torch.zeros(features, k * units))
        self.recurrent_kernel = nn.Parameter(torch.zeros(units, k * units))
        shape = (2, k * units) if reset_after else (k * units,)
        self.bias = nn.Parameter(torch.zeros(shape)) if use_bias else None

    reads_mask = True

    def output_mask(self, x, mask):
        return mask if self.return_sequences else None

    def forward(self, x, mask=None):
        u, act, gate = self.units, self.activation, self.recurrent_activation
        if self.go_backwards:
            x = x.flip(1)
            mask = None if mask is None else mask.flip(1)
        if self.training and self.dropout > 0:
            keep = 1 - self.dropout
            x = x * (torch.bernoulli(x.new_full((x.shape[0], 1, x.shape[2]), keep)) / keep)
        state_mask = None
        if self.training and self.recurrent_dropout > 0:
            keep = 1 - self.recurrent_dropout
            state_mask = torch.bernoulli(x.new_full((x.shape[0], u), keep)) / keep
        zs = x @ self.kernel
        if self.bias is not None:
            zs = zs + (self.bias[0] if self.reset_after else self.bias)
        h = x.new_zeros(x.shape[0], u)
        c = x.new_zeros(x.shape[0], u)
        states = []
        for t in range(x.shape[1]):
            z = zs[:, t]
            hp = h if state_mask is None else h * state_mask
            new_c = c
            if self.cell == "rnn":
                new_h = act(z + hp @ self.recurrent_kernel)
            elif self.cell == "lstm":
                i, f, g, o = (z + hp @ self.recurrent_kernel).split(u, dim=1)
                new_c = gate(f) * c + gate(i) * act(g)
                new_h = gate(o) * act(new_c)
            else:
                xz, xr, xh = z.split(u, dim=1)
                if self.reset_after:
                    rec = hp @ self.recurrent_kernel
                    if self.bias is not None:
                        rec = rec + self.bias[1]
                    hz, hr, hh = rec.split(u, dim=1)
                    update, reset = gate(xz + hz), gate(xr + hr)
                    candidate = act(xh + reset * hh)
                else:
                    uz, ur, uh = self.recurrent_kernel.split(u, dim=1)
                    update, reset = gate(xz + hp @ uz), gate(xr + hp @ ur)
                    candidate = act(xh + (reset * hp) @ uh)
                new_h = update * hp + (1 - update) * candidate
            if mask is None:
                h, c = new_h, new_c
            else:
                real = mask[:, t, None]
                h, c = torch.where(real, new_h, h), torch.where(real, new_c, c)
            states.append(h)
        return torch.stack(states, dim=1) if self.return_sequences else h
`;

const BIDIRECTIONAL_PY = `class StrataBidirectional(nn.Module):
    """Keras' Bidirectional: two StrataRecurrent copies (the second reads the other way), the backward one's
    sequence reversed again so step t meets step t, merged by "concat", "sum", "mul" or "ave"."""

    def __init__(self, forward, backward, merge_mode, return_sequences):
        super().__init__()
        self.forward_layer, self.backward_layer = forward, backward
        self.merge_mode, self.return_sequences = merge_mode, return_sequences

    reads_mask = True

    def output_mask(self, x, mask):
        return mask if self.return_sequences else None

    def forward(self, x, mask=None):
        a = self.forward_layer(x, mask)
        b = self.backward_layer(x, mask)
        if self.return_sequences:
            b = b.flip(1)
        if self.merge_mode == "concat":
            return torch.cat([a, b], dim=-1)
        if self.merge_mode == "mul":
            return a * b
        return a + b if self.merge_mode == "sum" else (a + b) * 0.5
`;

/** The arguments of StrataRecurrent for a layer: dropout and recurrentDropout act in training only, as in strata. */
function recurrentArgs(
  layer: Layer & { readonly units: number },
  cell: Cell,
  inputShape: ShapeSpec,
  resetAfter: boolean,
): string {
  const c = layer.config() as Record<string, unknown>;
  const where = describeLayer(layer);
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
    pyNumber((c.dropout as number | undefined) ?? 0),
    pyNumber((c.recurrentDropout as number | undefined) ?? 0),
  ];
  return `StrataRecurrent(${args.join(', ')})`;
}

const recurrentWeights = () =>
  torchWeights<RecurrentWeight>({ kernel: ['kernel'], recurrent_kernel: ['recurrent_kernel'], bias: ['bias'] });

/** A recurrent layer as StrataRecurrent, reading a mask from an Embedding with maskZero when one comes. */
export function recurrentPyTorch(
  layer: Layer & { readonly units: number },
  cell: Cell,
  inputShape: ShapeSpec,
  resetAfter = false,
): PyTorchModule<RecurrentWeight> {
  return {
    module: recurrentArgs(layer, cell, inputShape, resetAfter),
    helpers: { StrataRecurrent: RECURRENT_PY },
    mask: 'reads',
    ...recurrentWeights(),
  };
}

/**
 * Bidirectional as StrataBidirectional over its two copies' modules (`modules`, each a StrataRecurrent); its weights
 * are named by the copy, `forward_lstm/kernel` → `forward_layer.kernel` (the names below the Bidirectional layer's).
 */
export function bidirectionalPyTorch(
  layer: Layer & { readonly mergeMode: string; readonly forwardLayer: Layer; readonly backwardLayer: Layer },
  modules: readonly [string, string],
  inputShape: ShapeSpec,
): PyTorchModule {
  const copies = [
    ['forward_layer', layer.forwardLayer],
    ['backward_layer', layer.backwardLayer],
  ] as const;
  const sequences = layer.outputShape(inputShape).length === 3;
  // the copies' weight names below the Bidirectional layer: 'forward_lstm/kernel'
  const prefix = (inner: Layer) => inner.name.slice(layer.name.length + 1);
  const table: Record<string, readonly [string]> = {};
  for (const [key, inner] of copies)
    for (const w of ['kernel', 'recurrent_kernel', 'bias']) table[`${key}.${w}`] = [`${prefix(inner)}/${w}`];
  return {
    module: `StrataBidirectional(${modules.join(', ')}, ${pyString(layer.mergeMode)}, ${sequences ? 'True' : 'False'})`,
    helpers: { StrataRecurrent: RECURRENT_PY, StrataBidirectional: BIDIRECTIONAL_PY },
    mask: 'reads',
    ...torchWeights(table),
  };
}
