import { describe, expect, it } from 'vitest';
import { historyPlot } from '../../src/plot/history.js';
import { expectRenderable, layersOf, obj, panels, rows } from './spec-helpers.js';

interface Row {
  epoch: number;
  metric: string;
  series: string;
  value: number | null;
}

const fitted = {
  epoch: [0, 1, 2, 3, 4],
  history: {
    loss: [0.9, 0.6, 0.4, 0.35, 0.3],
    accuracy: [0.5, 0.7, 0.8, 0.85, 0.9],
    val_loss: [1.0, 0.7, 0.5, 0.55, 0.6],
    val_accuracy: [0.45, 0.65, 0.78, 0.77, 0.76],
  },
};

describe('historyPlot', () => {
  it('has one row per epoch and series, epochs counted from 1', () => {
    const spec = historyPlot(fitted);
    expectRenderable(spec);
    const data = rows<Row>(spec);
    expect(data).toHaveLength(5 * 4);
    expect(data.filter((r) => r.metric === 'loss' && r.series === 'training').map((r) => [r.epoch, r.value])).toEqual([
      [1, 0.9],
      [2, 0.6],
      [3, 0.4],
      [4, 0.35],
      [5, 0.3],
    ]);
    expect(data.filter((r) => r.metric === 'accuracy' && r.series === 'validation').map((r) => r.value)).toEqual(
      fitted.history.val_accuracy,
    );
  });

  it('draws one panel per metric, loss first, with training and validation coloured apart', () => {
    const spec = historyPlot({ history: { accuracy: [0.5, 0.6], val_accuracy: [0.4, 0.5], loss: [1, 0.8] } });
    const views = panels(spec);
    expect(views.map((v) => obj(v.title).text)).toEqual(['Loss', 'Accuracy']);
    const line = layersOf(views[1], 'line')[0];
    expect(line.transform).toEqual([{ filter: { field: 'metric', equal: 'accuracy' } }]);
    const encoding = obj(line.encoding);
    expect(obj(encoding.x).field).toBe('epoch');
    expect(obj(encoding.y)).toMatchObject({ field: 'value', title: 'Accuracy' });
    expect(obj(encoding.color)).toMatchObject({
      field: 'series',
      scale: { domain: ['training', 'validation'], scheme: 'tableau10' },
    });
    expect(spec.columns).toBe(2);
  });

  it('marks the lowest val_loss by default, at its 1-based epoch, in every panel', () => {
    const spec = historyPlot(fitted);
    for (const view of panels(spec)) {
      const [rule] = layersOf(view, 'rule');
      expect(rows(rule)).toEqual([{ epoch: 3 }]); // val_loss is lowest at epoch index 2
      const [marker] = layersOf(view, 'point');
      expect(marker.transform).toContainEqual({ filter: { field: 'epoch', equal: 3 } });
      expect(rows(layersOf(view, 'text')[0])).toEqual([{ epoch: 3, label: 'best epoch 3' }]);
    }
    expect(obj(spec.title).subtitle).toBe('Best epoch: 3 (val_loss 0.5000)');
  });

  it('takes bestEpoch (0-based, as history.epoch) and null for no marker', () => {
    const at = (spec: ReturnType<typeof historyPlot>) => rows(layersOf(panels(spec)[0], 'rule')[0]);
    expect(at(historyPlot(fitted, { bestEpoch: 4 }))).toEqual([{ epoch: 5 }]);
    expect(layersOf(panels(historyPlot(fitted, { bestEpoch: null }))[0], 'rule')).toEqual([]);
    // no validation: no default marker
    expect(layersOf(panels(historyPlot({ history: { loss: [3, 2, 1] } }))[0], 'rule')).toEqual([]);
  });

  it('selects metrics, keeps any other metric, and turns NaN into a gap', () => {
    const spec = historyPlot(
      { history: { loss: [1, NaN, 0.5], mse: [2, 1, 0.5] } },
      { metrics: ['mse'], title: 'Regression' },
    );
    expectRenderable(spec);
    expect(panels(spec).map((v) => obj(v.title).text)).toEqual(['MSE']);
    expect(rows<Row>(spec).every((r) => r.metric === 'mse')).toBe(true);
    expect(obj(spec.title).text).toBe('Regression');
    expect(rows<Row>(historyPlot({ history: { loss: [1, NaN] } })).map((r) => r.value)).toEqual([1, null]);
  });

  it('numbers the x axis from history.epoch when given', () => {
    const data = rows<Row>(historyPlot({ epoch: [10, 11], history: { loss: [1, 0.5] } }));
    expect(data.map((r) => r.epoch)).toEqual([11, 12]);
  });

  it('says what is wrong with a bad history', () => {
    expect(() => historyPlot({ history: {} })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: historyPlot(): expected a history with at least one metric, got an empty history. Pass the History that fit() returns.]`,
    );
    expect(() => historyPlot({ history: { loss: [1, 2], val_loss: [1] } })).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: historyPlot(): expected 2 values for 'val_loss' (one per epoch), got 1. Every series in history.history needs one value per entry of history.epoch.]`,
    );
    expect(() => historyPlot(fitted, { metrics: ['acuracy'] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: historyPlot(): expected a known metric, got 'acuracy'. Did you mean 'accuracy'? Known: accuracy, loss.]`,
    );
    expect(() => historyPlot(fitted, { bestEpoch: 5 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: historyPlot(): expected bestEpoch to be one of the recorded epochs, 0 to 4, got 5. Epochs are 0-based, as history.epoch numbers them.]`,
    );
  });
});
