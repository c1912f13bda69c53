import { ConfigError } from '../core/errors.js';
import { describeLayer, type Layer } from '../layers/layer.js';

// Conv2D → conv2d, MaxPooling2D → max_pooling2d, as Keras names them
const snake = (className: string) => className.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

/** Every layer some model has admitted: a layer object belongs to one model for good. */
const admitted = new WeakSet<Layer>();

/** Checks a layer may join `layers` and names it (`dense_2`) if it has no name; per model, so names are stable. */
export function admitLayer(layers: readonly Layer[], layer: Layer): void {
  const where = 'add()';
  if (typeof layer !== 'object' || layer === null || typeof layer.forward !== 'function')
    throw new ConfigError({
      where,
      expected: 'a layer such as st.layers.dense({ units: 8 })',
      received: String(layer),
      hint: 'Create layers with the st.layers factories, or pass an object that implements Layer.',
    });
  if (layers.includes(layer) || layer.built || admitted.has(layer))
    throw new ConfigError({
      where,
      expected: 'a new layer',
      received: `${describeLayer(layer)}, which already belongs to a model`,
      hint: 'Create a separate layer object for each place it is used.',
    });
  if (!layer.name) {
    const prefix = snake(layer.className);
    let n = 1;
    while (layers.some((l) => l.name === `${prefix}_${n}`)) n++;
    layer.name = `${prefix}_${n}`;
  } else if (layers.some((l) => l.name === layer.name))
    throw new ConfigError({
      where,
      expected: 'layer names unique in the model',
      received: `a second '${layer.name}'`,
      hint: 'Give each layer its own name, or leave name out to get dense_1, dense_2, …',
    });
  admitted.add(layer);
}
