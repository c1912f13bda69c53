import type { ShapeSpec } from '../core/shape.js';
import type { ActivationName } from '../activations/index.js';
import type { Padding } from '../tensor/ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  activationFromKeras,
  commonFrom,
  expectNull,
  formatFail,
  initializerFrom,
  initializerFromKeras,
  initializerToKeras,
  regularizerFrom,
  regularizerFromKeras,
  regularizerToKeras,
} from './config-json.js';
import type { Convolution, ConvConfig } from './convolution.js';
import { describeLayer, type LayerConfig } from './layer.js';
import type { KerasConfig, LayerClass, OnnxGraph } from './layer-class.js';
import { channelsFirst, windowAttributes } from './onnx-windows.js';
import { torchActivation } from './pytorch.js';
import { convPyTorch } from './window-pytorch.js';
import { channelsLastFromKeras, type SpatialRank } from './window-options.js';

/** The descriptor of a convolution class: configs, Keras JSON, and ONNX (Conv between channel transposes). */
export function convolutionClass<N extends string, L extends Convolution & { className: N }>(
  className: N,
  make: (config: ConvConfig) => L,
  rank: SpatialRank,
) {
  return {
    className,
    fromConfig: (config: LayerConfig) => {
      const c = config as Record<string, unknown>;
      const where = 'layerFromConfig()';
      return make({
        ...commonFrom(config),
        filters: c.filters as number,
        kernelSize: c.kernelSize as number[],
        strides: c.strides as number[],
        padding: c.padding as Padding,
        dilationRate: c.dilationRate as number[],
        activation: c.activation as ActivationName,
        useBias: c.useBias as boolean,
        kernelInitializer: initializerFrom(where, c.kernelInitializer),
        biasInitializer: initializerFrom(where, c.biasInitializer),
        kernelRegularizer: regularizerFrom(c.kernelRegularizer),
        biasRegularizer: regularizerFrom(c.biasRegularizer),
      });
    },
    toKeras: (layer: L) => {
      const c = layer.config();
      return {
        filters: c.filters,
        kernel_size: c.kernelSize,
        strides: c.strides,
        padding: c.padding,
        data_format: 'channels_last',
        dilation_rate: c.dilationRate,
        activation: c.activation,
        use_bias: c.useBias,
        kernel_initializer: initializerToKeras(c.kernelInitializer),
        bias_initializer: initializerToKeras(c.biasInitializer),
        kernel_regularizer: regularizerToKeras(c.kernelRegularizer),
        bias_regularizer: regularizerToKeras(c.biasRegularizer),
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      };
    },
    fromKeras: (c: KerasConfig, at: string) => {
      expectNull(at, c, ['kernel_constraint', 'bias_constraint', 'activity_regularizer']);
      channelsLastFromKeras(at, c);
      if (c.groups !== undefined && c.groups !== null && c.groups !== 1)
        formatFail(at, 'groups: 1', JSON.stringify(c.groups), 'strata has no grouped convolutions.');
      return {
        filters: c.filters,
        kernelSize: c.kernel_size,
        strides: c.strides ?? 1,
        padding: c.padding ?? 'valid',
        dilationRate: c.dilation_rate ?? 1,
        activation: activationFromKeras(at, c.activation ?? 'linear'),
        useBias: c.use_bias ?? true,
        kernelInitializer: initializerFromKeras(at, c.kernel_initializer),
        biasInitializer: initializerFromKeras(at, c.bias_initializer),
        kernelRegularizer: regularizerFromKeras(at, c.kernel_regularizer),
        biasRegularizer: regularizerFromKeras(at, c.bias_regularizer),
      };
    },
    onnx: (
      layer: L,
      x: string,
      graph: OnnxGraph,
      weights: Readonly<Partial<Record<'kernel' | 'bias', Tensor>>>,
      inputShape: ShapeSpec,
    ) => {
      const kernel = weights.kernel!;
      const [kh, kw] = layer.kernelSize;
      const channels = kernel.size / (kh * kw * layer.filters);
      // ONNX's Conv wants channels first and its weight as [filters, in, kh, kw]
      const w = new Float32Array(kernel.size);
      for (let ky = 0; ky < kh; ky++)
        for (let kx = 0; kx < kw; kx++)
          for (let c = 0; c < channels; c++)
            for (let f = 0; f < layer.filters; f++)
              w[((f * channels + c) * kh + ky) * kw + kx] =
                kernel.data[((ky * kw + kx) * channels + c) * layer.filters + f];
      const spatial = rank === 2 ? [kh, kw] : [kw];
      const weight = graph.constant(`${layer.name}/kernel`, [layer.filters, channels, ...spatial], w);
      const b = weights.bias && graph.constant(`${layer.name}/bias`, [layer.filters], weights.bias.data);
      const attributes = windowAttributes(rank, layer, inputShape, true);
      const z = channelsFirst(graph, rank, x, (t) =>
        graph.node('Conv', b ? [t, weight, b] : [t, weight], attributes, layer.name),
      );
      return graph.activation(layer.activation.name, z);
    },
    pytorch: (layer: L, inputShape: ShapeSpec) =>
      convPyTorch(rank, layer, inputShape, torchActivation(layer.activation.name, describeLayer(layer))),
    weightShapes: (layer: L, inputShape: ShapeSpec) => {
      const channels = Number(inputShape[inputShape.length - 1]);
      return { kernel: layer.kernelShape(channels), ...(layer.useBias ? { bias: [layer.filters] } : {}) };
    },
    stochastic: false,
    weightNames: ['kernel', 'bias'],
  } as const satisfies LayerClass<L, 'kernel' | 'bias'>;
}
