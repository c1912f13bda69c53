import { describe, expect, it } from 'vitest';
import { plots } from '../../src/plot/index.js';
import { tensor } from '../../src/tensor/tensor.js';
import { expectRenderable } from './spec-helpers.js';

describe('plots', () => {
  it('names every figure', () => {
    expect(Object.keys(plots)).toEqual([
      'history',
      'decisionBoundary',
      'activations',
      'network',
      'confusionMatrix',
      'imageGrid',
      'misclassified',
      'filters',
      'featureMaps',
    ]);
  });

  it('every spec is plain JSON with a width and height in each view', () => {
    const specs = [
      plots.history({
        history: { loss: [1, 0.5], val_loss: [1.1, 0.7], accuracy: [0.5, 0.8], val_accuracy: [0.4, 0.7] },
      }),
      plots.decisionBoundary({
        predict: (g) => tensor(new Float32Array(g.shape[0]).fill(0.5), [g.shape[0], 1]),
        x: [
          [0, 0],
          [1, 1],
        ],
        y: [0, 1],
        resolution: 5,
      }),
      plots.activations(),
      plots.network([{ name: 'dense_1', className: 'Dense', units: 1, activation: 'sigmoid', params: 3 }], {
        inputUnits: 2,
      }),
      plots.confusionMatrix([0, 1], [1, 1]),
    ];
    for (const spec of specs) {
      expectRenderable(spec);
      expect(spec.background).toBe('white');
      expect(JSON.stringify(spec.title)).toMatch(/"text":"[A-Z]/);
    }
  });
});
