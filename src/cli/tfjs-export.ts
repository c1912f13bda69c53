import { ConfigError, loadModel, type ModelArtifacts, type Sequential } from '../index.js';

/** Activations strata has and TF.js' layers format has no name for. */
const NOT_IN_TFJS = ['leakyRelu'];

/**
 * The model as TensorFlow.js can load it: float32 weights (a float64 model is copied down to float32), and a
 * ConfigError with the fix for what TF.js cannot read (a leakyRelu activation).
 */
export async function tfjsCompatible(model: Sequential, where = 'strata export'): Promise<Sequential> {
  const artifacts = model.toArtifacts();
  const layers = (
    artifacts.modelTopology as { config: { layers: { config: { name?: string; activation?: unknown } }[] } }
  ).config.layers;
  for (const { config } of layers)
    if (NOT_IN_TFJS.includes(String(config.activation)))
      throw new ConfigError({
        where,
        expected: 'activations TensorFlow.js knows',
        received: `${String(config.activation)} in ${config.name}`,
        hint: 'Export it with --format onnx (ONNX has LeakyRelu), or train with another activation (relu, elu).',
      });
  if (model.dtype === 'float32') return model;
  const source = new DataView(artifacts.weightData);
  const weights = new Float32Array(artifacts.weightData.byteLength / 8);
  for (let i = 0; i < weights.length; i++) weights[i] = source.getFloat64(i * 8, true);
  for (const { config } of layers) (config as { dtype?: string }).dtype = 'float32';
  const float32: ModelArtifacts = {
    ...artifacts,
    weightSpecs: artifacts.weightSpecs.map((s) => ({ ...s, dtype: 'float32' })),
    weightData: weights.buffer,
  };
  return loadModel(float32);
}
