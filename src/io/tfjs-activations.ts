import { LEAKY_RELU_ALPHA } from '../activations/leaky-relu.js';
import { leakyReluClass } from '../layers/leaky-relu.js';
import type { KerasLayerJson } from './layer-json.js';

// TF.js' layers format names no 'leakyRelu' activation (it has a LeakyReLU layer), so a file holding one would not
// load there. strata writes such a layer with a linear activation followed by a LeakyReLU layer of the activation's
// slope, and lists the LeakyReLU layers it added in its metadata, so that it reads each pair back as the one layer.

type Json = Record<string, unknown>;

/** The layers as TF.js can read them, and the names of the LeakyReLU layers added. */
export function splitLeakyRelu(layers: readonly KerasLayerJson[]): { layers: KerasLayerJson[]; added: string[] } {
  const taken = new Set(layers.map((l) => String(l.config.name)));
  const out: KerasLayerJson[] = [];
  const added: string[] = [];
  for (const layer of layers) {
    if (layer.config.activation !== 'leakyRelu') {
      out.push(layer);
      continue;
    }
    let name = `${String(layer.config.name)}_leaky_relu`;
    for (let k = 2; taken.has(name); k++) name = `${String(layer.config.name)}_leaky_relu_${k}`;
    taken.add(name);
    added.push(name);
    out.push({ ...layer, config: { ...layer.config, activation: 'linear' } });
    out.push({
      class_name: leakyReluClass.className,
      config: { alpha: LEAKY_RELU_ALPHA, name, trainable: true, dtype: layer.config.dtype },
    });
  }
  return { layers: out, added };
}

/**
 * Undoes splitLeakyRelu for the layers its metadata lists (`added`): each is dropped and the linear layer before it
 * gets the 'leakyRelu' activation back. Anything else (a file from TF.js or Keras) is left as it is.
 */
export function joinLeakyRelu(layers: readonly unknown[], added: unknown): unknown[] {
  if (!Array.isArray(added) || added.length === 0) return [...layers];
  const out: unknown[] = [];
  for (const layer of layers) {
    const { class_name: className, config } = (layer ?? {}) as { class_name?: unknown; config?: Json };
    const before = out[out.length - 1] as { class_name?: unknown; config?: Json } | undefined;
    if (
      className === leakyReluClass.className &&
      added.includes(config?.name) &&
      config?.alpha === LEAKY_RELU_ALPHA &&
      before?.config?.activation === 'linear'
    ) {
      out[out.length - 1] = { ...before, config: { ...before.config, activation: 'leakyRelu' } };
      continue;
    }
    out.push(layer);
  }
  return out;
}
