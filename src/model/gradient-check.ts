import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { ShapeSpec } from '../core/shape.js';
import { describeLayer, type Layer } from '../layers/layer.js';
import type { CustomLayerClass } from '../layers/layer-class.js';
import { checkCustomLayers, findLayerClass } from '../layers/layer-classes.js';
import { checkTargets } from '../losses/targets.js';
import { sgd } from '../optimizers/sgd.js';
import type { Param } from '../tensor/param.js';
import type { TensorLike } from '../tensor/tensor.js';
import { asRows } from '../tensor/ops/index.js';
import { Engine } from './engine.js';
import { assertExampleShape, assertSameRows, toBatch } from './inputs.js';
import type { Sequential } from './sequential.js';
import { checkModel } from './check-model.js';
import { checkOptionsObject } from '../core/options.js';

export interface GradientCheckOptions {
  /** Step of the central differences (default 1e-7, as the tutorials). */
  epsilon?: number;
  /** Check at most this many entries of each weight, spread evenly (default: all). */
  maxParamsPerTensor?: number;
  /** Classes of user-written layers: copied to float64 with fromConfig, left out when `stochastic`. */
  customLayers?: readonly CustomLayerClass[];
}

export interface GradientCheckResult {
  /** The tutorials' ‖g − g_num‖ / (‖g‖ + ‖g_num‖) over every checked entry. */
  difference: number;
  /** difference < 1e-7 */
  passed: boolean;
  perParameter: { name: string; maxRelativeError: number; worstIndex: number }[];
}

/** The layers to check, in float64: known classes copied with the model's weights, stochastic ones left out. */
function float64Layers(
  model: Sequential,
  where: string,
  customLayers?: readonly CustomLayerClass[],
): { layers: Layer[]; originals: Param[] } {
  const layers: Layer[] = [];
  const originals: Param[] = [];
  let shape: ShapeSpec = model.inputShape!;
  const rng = new Rng(0);
  for (const layer of model.layers) {
    const next = layer.outputShape(shape);
    const layerClass = findLayerClass(layer.className, customLayers);
    if (!layerClass?.stochastic) {
      const copy = layerClass?.fromConfig(layer.config());
      if (copy) {
        copy.build(shape, { rng, dtype: 'float64' });
        copy.params().forEach((p, i) => p.value.data.set(layer.params()[i].value.data));
      } else if (model.dtype !== 'float64')
        throw new ConfigError({
          where,
          expected: 'layers strata can copy to float64, or a float64 model',
          received: `the custom layer ${describeLayer(layer)} in a float32 model`,
          hint: "Build the model with dtype: 'float64', or pass its class in { customLayers }, to check a custom layer.",
        });
      layers.push(copy ?? layer);
      originals.push(...layer.params());
    }
    shape = next;
  }
  return { layers, originals };
}

/** Evenly spread indices, at most `max` of `size`. */
function indicesToCheck(size: number, max: number): number[] {
  if (size <= max) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * size) / max));
}

/**
 * Compares backprop gradients with central differences in float64 (on a float64 copy of a float32 model), the
 * tutorials' debugging tool. Dropout (any stochastic layer class) is left out; batch normalization uses batch
 * statistics throughout.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * st.setSeed(1);
 * const model = st.sequential({ layers: [
 *   st.layers.dense({ units: 5, activation: 'tanh', inputShape: [3] }),
 *   st.layers.dense({ units: 1, activation: 'sigmoid' }),
 * ] });
 * model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
 * const result = st.gradientCheck(model, [[1, 2, 3], [0, -1, 2]], [1, 0]);
 * console.log(result.passed, result.difference); // true 1e-10 or so
 * ```
 */
export function gradientCheck(
  model: Sequential,
  x: TensorLike,
  y: TensorLike,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const where = 'gradientCheck()';
  checkModel(where, model);
  checkOptionsObject(where, options);
  const epsilon = options.epsilon ?? 1e-7;
  const max = options.maxParamsPerTensor ?? Infinity;
  if (!(epsilon > 0 && epsilon < 1))
    throw new ConfigError({
      where,
      expected: 'epsilon in (0, 1)',
      received: String(epsilon),
      hint: 'The default 1e-7 suits float64 models.',
    });
  if (!(max >= 1))
    throw new ConfigError({
      where,
      expected: 'maxParamsPerTensor ≥ 1',
      received: String(max),
      hint: 'Leave it out to check every weight, or pass e.g. 50 to sample.',
    });
  const loss = model.loss;
  const xs = toBatch(x, 'float64', where, 'x');
  const ys = toBatch(y, 'float64', where, 'y');
  assertSameRows(where, xs, ys);
  if (!model.built) model.build(xs.shape.slice(1));
  assertExampleShape(where, xs, model.inputShape!, describeLayer(model.layers[0]));
  const { layers, originals } = float64Layers(model, where, checkCustomLayers(where, options.customLayers));
  const outputs = layers.reduce((s, l) => l.outputShape(s), model.inputShape!);
  const targets = checkTargets(loss, ys, outputs, where);
  const engine = new Engine('float64', layers, loss, sgd(), []);
  const lossAt = () => loss.value(asRows(engine.forward(xs, 'train')), asRows(targets)) + engine.penalty();

  const loss0 = engine.gradients(xs, targets);
  // below this a central difference cannot tell two gradients apart: the loss's rounding over 2ε
  const noise = (16 * Number.EPSILON * Math.max(1, Math.abs(loss0))) / epsilon;
  const params = layers.flatMap((l) => l.params());
  const analytic = params.map((p) => p.grad.data.slice());
  let diffSq = 0;
  let gradSq = 0;
  let numSq = 0;
  const perParameter = params.flatMap((p, k) => {
    if (!p.trainable) return [];
    let maxRelativeError = 0;
    let worstIndex = 0;
    for (const i of indicesToCheck(p.value.size, max)) {
      const v = p.value.data[i];
      p.value.data[i] = v + epsilon;
      const plus = lossAt();
      p.value.data[i] = v - epsilon;
      const minus = lossAt();
      p.value.data[i] = v;
      const numeric = (plus - minus) / (2 * epsilon);
      const g = analytic[k][i];
      diffSq += (g - numeric) ** 2;
      gradSq += g * g;
      numSq += numeric * numeric;
      const scale = Math.abs(g) + Math.abs(numeric);
      const relative = Math.abs(g - numeric) <= noise ? 0 : Math.abs(g - numeric) / scale;
      if (relative > maxRelativeError) [maxRelativeError, worstIndex] = [relative, i];
    }
    return [{ name: originals[k].name, maxRelativeError, worstIndex }];
  });
  const denominator = Math.sqrt(gradSq) + Math.sqrt(numSq);
  const difference = denominator === 0 ? 0 : Math.sqrt(diffSq) / denominator;
  return { difference, passed: difference < 1e-7, perParameter };
}
