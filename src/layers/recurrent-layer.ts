import type { Rng } from '../core/rng.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import { disposeStorage, type BuildContext, type Layer, type LayerConfig } from './layer.js';
import { RecurrentCore, type Cell } from './recurrent-core.js';
import { recurrentConfig, type RecurrentSettings } from './recurrent-config.js';

/**
 * What SimpleRNN, LSTM and GRU share: everything but their cell is the recurrent core's, so each layer file holds
 * its cell, its own options and its descriptor.
 */
export abstract class RecurrentLayer implements Layer {
  abstract readonly className: string;
  name: string;
  readonly units: number;
  readonly inputShape?: readonly number[];
  protected readonly core: RecurrentCore;

  constructor(s: RecurrentSettings, cell: Cell) {
    this.units = s.units;
    this.inputShape = s.inputShape;
    this.name = s.name;
    this.core = new RecurrentCore(this, s, cell);
  }

  get built(): boolean {
    return this.core.kernel !== undefined;
  }

  /** The generator of the dropout masks (undefined without dropout), as Dropout's. */
  get rng(): Rng | undefined {
    return this.core.rng;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    this.core.build(inputShape, ctx);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return this.core.outputShape(inputShape);
  }

  forward(x: Tensor, mode: Mode): Tensor {
    return this.core.forward(x, mode);
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    return this.core.backward(dy, needsInputGradient);
  }

  params(): readonly Param[] {
    return this.core.params();
  }

  dispose(): void {
    disposeStorage(this.core.params(), this.core.ws);
  }

  config(): LayerConfig {
    return recurrentConfig(this.core.s, this.className, this.name);
  }
}
