// what SimpleRNN, LSTM and GRU share: weights, dropout masks, time-major buffers, and the input and output GEMMs
import { Rng } from '../core/rng.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import { kernelsFor } from '../tensor/backend.js';
import * as ops from '../tensor/ops/index.js';
import type { RecurrentPass } from '../tensor/ops/index.js';
import type { Param, Regularizer } from '../tensor/param.js';
import { Tensor, zeros } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import { assertBuilt, assertInputShape, describeLayer, noCache, type BuildContext, type Layer } from './layer.js';
import { maskOf, setMask } from './masking.js';
import type { RecurrentSettings } from './recurrent-config.js';
import { ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';

/** What one cell type adds: its gate count, its recurrent loop and that loop backwards. */
export interface Cell {
  /** k in kernel [in, k·units]: 1 for SimpleRNN, 4 for LSTM, 3 for GRU. */
  readonly gates: number;
  /** The recurrent bias rows GRU keeps with resetAfter (bias [2, 3u]); 1 otherwise. */
  readonly biasRows: number;
  /** Runs the loop: zs holds x·W + b per step; writes the states hs (step 0 the zero state). */
  forward(core: RecurrentCore, pass: RecurrentPass, zs: Tensor, hs: Tensor, train: boolean): void;
  /** Backwards through time from dhs; returns the gradient at zs and writes the recurrent kernel's (and bias') grad. */
  backward(core: RecurrentCore, pass: RecurrentPass, dhs: Tensor): Tensor;
}

interface Cache {
  pass: RecurrentPass;
  x: Tensor;
  xT: Tensor;
  inputMask: Tensor | null;
}

const param = (name: string, value: Tensor, regularizer?: Regularizer): Param => ({
  name,
  value,
  grad: zeros(value.shape, value.dtype),
  trainable: true,
  regularizer,
});

/** A view of `length` values of t from `offset`, as a tensor of `shape` (made per call: a call may move t's data). */
export const view = (t: Tensor, offset: number, shape: number[]): Tensor =>
  new Tensor(t.data.subarray(offset, offset + shape.reduce((a, b) => a * b, 1)), shape, t.dtype);

/** The recurrent layers' shared machinery; each layer class holds one with its cell. */
export class RecurrentCore {
  kernel?: Param;
  recurrentKernel?: Param;
  bias?: Param;
  ws?: Workspace;
  #rng?: Rng;
  #inputSpec: ShapeSpec = [];
  #cache?: Cache;

  constructor(
    readonly layer: Layer,
    readonly s: RecurrentSettings,
    readonly cell: Cell,
  ) {}

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return this.s.returnSequences ? [inputShape[0], inputShape[1], this.s.units] : [inputShape[0], this.s.units];
  }

  build(inputShape: ShapeSpec, ctx: BuildContext, fillBias?: (bias: Tensor, rng: Rng) => void): void {
    const [, time, width] = inputShape;
    if (inputShape.length !== 3 || time === null || width === null)
      throw new ShapeError({
        where: describeLayer(this.layer),
        expected: 'a [batch, time, features] input with time and features known',
        received: formatShape(inputShape),
        hint: 'Give the first layer inputShape: [time, features], e.g. [10, 3].',
      });
    const { units, gates } = { units: this.s.units, gates: this.cell.gates };
    const name = this.layer.name;
    const kernel = zeros([width, gates * units], ctx.dtype);
    this.s.kernelInitializer.fill(kernel, ctx.rng);
    const recurrent = zeros([units, gates * units], ctx.dtype);
    this.s.recurrentInitializer.fill(recurrent, ctx.rng);
    this.kernel = param(`${name}/kernel`, kernel, this.s.kernelRegularizer);
    this.recurrentKernel = param(`${name}/recurrent_kernel`, recurrent, this.s.recurrentRegularizer);
    if (this.s.useBias) {
      const rows = this.cell.biasRows;
      const bias = zeros(rows === 1 ? [gates * units] : [rows, gates * units], ctx.dtype);
      if (fillBias) fillBias(bias, ctx.rng);
      else this.s.biasInitializer.fill(bias, ctx.rng);
      this.bias = param(`${name}/bias`, bias, this.s.biasRegularizer);
    }
    if (this.s.dropout > 0 || this.s.recurrentDropout > 0)
      this.#rng = this.s.seed === undefined ? ctx.rng.fork() : new Rng(this.s.seed);
    this.#inputSpec = [null, time, width];
    this.ws = new Workspace(ctx.dtype);
  }

  /** The generator of the dropout masks (undefined without dropout). */
  get rng(): Rng | undefined {
    return this.#rng;
  }

  params(): readonly Param[] {
    if (!this.kernel) return [];
    return this.bias ? [this.kernel, this.recurrentKernel!, this.bias] : [this.kernel, this.recurrentKernel!];
  }

  /** The bias' first row (the input bias), [k·units], as a view; null without a bias. */
  inputBias(grad = false): Tensor | null {
    if (!this.bias) return null;
    return view(grad ? this.bias.grad : this.bias.value, 0, [this.cell.gates * this.s.units]);
  }

  /** One dropout mask per sequence, [rows, cols], scaled by 1/(1 − rate) (Keras' inverted dropout). */
  #mask(key: string, rows: number, cols: number, rate: number): Tensor {
    const mask = this.ws!.matrix(key, rows, cols);
    kernelsFor(mask.dtype).dropoutMask(this.#rng!.words, mask.data, rate, 1 / (1 - rate));
    return mask;
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const kernel = assertBuilt(this.layer, this.kernel);
    assertInputShape(this.layer, x, this.#inputSpec);
    const ws = this.ws!;
    const train = mode === 'train';
    const [batch, time, width] = x.shape;
    const { units, dropout: rate, recurrentDropout: recRate } = this.s;
    const key = (name: string) => (train ? name : `${name}Infer`);
    const inputMask = train && rate > 0 ? this.#mask('inputMask', batch, width, rate) : null;
    const dropout =
      train && recRate > 0
        ? {
            mask: this.#mask('stateMask', batch, units, recRate),
            hm: ws.matrix('hm', time * batch, units),
            dhm: ws.matrix('dhm', batch, units),
          }
        : null;
    const mask = maskOf(x);
    const pass: RecurrentPass = {
      time,
      batch,
      units,
      activation: this.s.activation.epilogue,
      recurrentActivation: this.s.recurrentActivation.epilogue,
      dropout,
      mask: mask && {
        // one mask per step, time-major like the states (read backwards with goBackwards)
        steps: ops.toTimeMajor(
          ops.reshape(mask, [batch, time, 1], 'mask'),
          ws.matrix(key('stepMask'), time * batch, 1),
          this.s.goBackwards,
        ),
        carry: ws.matrix('carry', batch, units),
        carryCell: ws.matrix('carryCell', batch, units),
      },
    };
    // every step's input projection in one GEMM, over time-major rows so each step is one contiguous block
    const xT = ops.toTimeMajor(x, ws.matrix(key('xT'), time * batch, width), this.s.goBackwards, inputMask);
    const gates = this.cell.gates * units;
    const zs = ops.linear(xT, kernel.value, this.inputBias(), 'linear', ws.matrix(key('zs'), time * batch, gates));
    const hs = ws.matrix(key('hs'), (time + 1) * batch, units);
    this.cell.forward(this, pass, zs, hs, train);
    if (train) this.#cache = { pass, x, xT, inputMask };
    if (!this.s.returnSequences) return ops.copyStep(hs, time, ws.matrix(key('out'), batch, units));
    const out = ops.toBatchMajor(view(hs, batch * units, [time * batch, units]), ws.like(key('out'), x, units), false);
    // the sequence keeps its input's mask, so a stacked recurrent layer skips the same steps (as Keras)
    setMask(out, mask);
    return out;
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    const { pass, x, xT, inputMask } = this.#cache ?? noCache(this.layer);
    const ws = this.ws!;
    const { time, batch, units } = pass;
    const dhs = ws.matrix('dhs', (time + 1) * batch, units);
    if (this.s.returnSequences) ops.toTimeMajor(dy, view(dhs, batch * units, [time * batch, units]), false);
    else {
      if (dy.rank !== 2 || dy.shape[0] !== batch || dy.shape[1] !== units)
        throw new ShapeError({
          where: `${describeLayer(this.layer)}.backward()`,
          expected: `a gradient of shape [${batch}, ${units}]`,
          received: formatShape(dy.shape),
          hint: 'Pass the gradient of the output forward() returned.',
        });
      dhs.data.fill(0);
      ops.setStep(dhs, time, dy);
    }
    const dzs = this.cell.backward(this, pass, dhs);
    const kernel = this.kernel!;
    ops.matmulTransposeA(xT, dzs, kernel.grad); // dW = xᵀ·dz over every step
    if (this.bias) ops.sumToLastAxis(dzs, this.inputBias(true)!);
    if (!needsInputGradient) return null;
    const dxT = ops.matmulTransposeB(dzs, kernel.value, ws.matrix('dxT', time * batch, x.shape[2]));
    return ops.toBatchMajor(dxT, ws.like('dx', x), this.s.goBackwards, inputMask);
  }
}
