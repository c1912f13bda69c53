import { ConfigError } from '../core/errors.js';
import { initializers, type Initializer, type InitializerName } from '../initializers/index.js';
import { activation } from '../layers/activation.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import type { Layer, LayerConfig } from '../layers/layer.js';
import { regularizers } from '../regularizers/index.js';
import type { Regularizer } from '../tensor/param.js';

type Json = Record<string, unknown>;

const initializerByClass: Record<string, InitializerName> = {
  GlorotUniform: 'glorotUniform',
  GlorotNormal: 'glorotNormal',
  HeNormal: 'heNormal',
  HeUniform: 'heUniform',
  LecunNormal: 'lecunNormal',
  LecunUniform: 'lecunUniform',
  RandomNormal: 'randomNormal',
  RandomUniform: 'randomUniform',
  Zeros: 'zeros',
  Ones: 'ones',
  Constant: 'constant',
};

/** The initializer classes strata can rebuild from a config. */
export const INITIALIZER_CLASSES = Object.keys(initializerByClass);

function initializerFrom(where: string, spec: unknown): Initializer | undefined {
  if (spec === undefined || spec === null) return undefined;
  const { className, config } = spec as { className?: string; config?: Json };
  const name = className === undefined ? undefined : initializerByClass[className];
  if (name === undefined)
    throw new ConfigError({
      where,
      expected: `an initializer class among ${Object.keys(initializerByClass).join(', ')}`,
      received: `'${String(className)}'`,
    });
  const clean = Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => v !== null));
  return (initializers[name] as (c: Json) => Initializer)(clean);
}

function regularizerFrom(spec: unknown): Regularizer | undefined {
  if (spec === undefined || spec === null) return undefined;
  const { l1 = 0, l2 = 0 } = spec as { l1?: number; l2?: number };
  return regularizers.l1l2({ l1, l2 });
}

/** A new, unbuilt layer from a built-in layer's `config()`; undefined for classes strata does not know. */
export function layerFromConfig(config: LayerConfig, where = 'layerFromConfig()'): Layer | undefined {
  const c = config as Json & LayerConfig;
  const common = { name: c.name, ...(c.inputShape ? { inputShape: c.inputShape as number[] } : {}) };
  switch (c.className) {
    case 'Dense':
      return dense({
        ...common,
        units: c.units as number,
        activation: c.activation as never,
        useBias: c.useBias as boolean,
        kernelInitializer: initializerFrom(where, c.kernelInitializer),
        biasInitializer: initializerFrom(where, c.biasInitializer),
        kernelRegularizer: regularizerFrom(c.kernelRegularizer),
        biasRegularizer: regularizerFrom(c.biasRegularizer),
      });
    case 'Activation':
      return activation({ ...common, activation: c.activation as never });
    case 'Dropout':
      return dropout({ ...common, rate: c.rate as number, seed: (c.seed as number | null) ?? undefined });
    case 'BatchNormalization':
      return batchNormalization({
        ...common,
        momentum: c.momentum as number,
        epsilon: c.epsilon as number,
        center: c.center as boolean,
        scale: c.scale as boolean,
        betaInitializer: initializerFrom(where, c.betaInitializer),
        gammaInitializer: initializerFrom(where, c.gammaInitializer),
        movingMeanInitializer: initializerFrom(where, c.movingMeanInitializer),
        movingVarianceInitializer: initializerFrom(where, c.movingVarianceInitializer),
        betaRegularizer: regularizerFrom(c.betaRegularizer),
        gammaRegularizer: regularizerFrom(c.gammaRegularizer),
      });
    default:
      return undefined;
  }
}
