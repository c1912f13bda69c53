import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { denseClass } from '../../src/layers/dense.js';
import { dropoutClass } from '../../src/layers/dropout.js';
import { findLayerClass, layerClasses, layerFromConfig, type ClassTable } from '../../src/layers/layer-classes.js';

describe('the layer-class table', () => {
  it('is keyed by each descriptor’s className, which the compiler checks', () => {
    for (const [key, descriptor] of Object.entries(layerClasses)) expect(descriptor.className).toBe(key);
    // a key that is not its descriptor's className does not compile
    // @ts-expect-error: 'Denze' is not 'Dense'
    const wrong: ClassTable<{ Denze: typeof denseClass }> = { Denze: denseClass };
    expect(wrong.Denze.className).toBe('Dense');
  });

  it('has one factory in st.layers per class, named after it', () => {
    // camelCase, with TF.js' lower-case d after a rank (Conv2D → conv2d), all-capitals lower-cased whole (LSTM → lstm)
    const factories = Object.keys(layerClasses).map((name) =>
      name === name.toUpperCase()
        ? name.toLowerCase()
        : (name[0].toLowerCase() + name.slice(1)).replace(/([12])D$/, '$1d'),
    );
    expect(Object.keys(st.layers).sort()).toEqual(factories.sort());
  });

  it('finds classes by own keys only, custom ones first', () => {
    expect(findLayerClass('Dense')).toBe(denseClass);
    expect(findLayerClass('toString')).toBeUndefined();
    expect(findLayerClass('__proto__')).toBeUndefined();
    const mine = { className: 'Dropout', fromConfig: () => st.layers.dropout({ rate: 0.1 }) };
    expect(findLayerClass('Dropout', [mine])).toBe(mine);
    expect(findLayerClass('Dropout')).toBe(dropoutClass);
  });

  it('marks only the dropouts as stochastic (gradient checking leaves them out)', () => {
    expect(
      Object.values(layerClasses)
        .filter((c) => c.stochastic)
        .map((c) => c.className),
    ).toEqual(['Dropout', 'SpatialDropout2D']);
  });

  it('rebuilds every built-in layer from its config(), unbuilt', () => {
    const model = st.sequential({
      layers: [
        st.layers.reshape({ targetShape: [4, 2], inputShape: [8] }),
        st.layers.flatten(),
        st.layers.dense({ units: 3, kernelInitializer: 'heUniform', kernelRegularizer: st.regularizers.l2() }),
        st.layers.batchNormalization({ momentum: 0.8 }),
        st.layers.dropout({ rate: 0.25, seed: 3 }),
        st.layers.activation({ activation: 'softmax' }),
      ],
    });
    model.build();
    for (const layer of model.layers) {
      const copy = layerFromConfig(layer.config())!;
      expect(copy.built).toBe(false);
      expect(copy.config()).toEqual(layer.config());
    }
    expect(layerFromConfig({ className: 'Conv3D', name: 'c' })).toBeUndefined();
  });
});
