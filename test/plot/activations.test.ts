import { describe, expect, it } from 'vitest';
import { activationsPlot } from '../../src/plot/activations.js';
import { expectRenderable, layersOf, obj, panels, rows } from './spec-helpers.js';

interface Point {
  activation: string;
  x: number;
  y: number;
}

const formulas: Record<string, (x: number) => number> = {
  relu: (x) => Math.max(0, x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
};

describe('activationsPlot', () => {
  it("is the tutorial's 2×2 grid: ReLU, sigmoid, tanh and softmax", () => {
    const spec = activationsPlot();
    expectRenderable(spec);
    expect(spec.columns).toBe(2);
    expect(panels(spec).map((v) => v.title)).toEqual([
      'ReLU: f(x) = max(0, x)',
      'Sigmoid: f(x) = 1 / (1 + e^-x)',
      'Tanh: f(x) = (e^x − e^-x) / (e^x + e^-x)',
      'Softmax of scores [2, 1, 0.1]',
    ]);
  });

  it('computes the curves with the activation functions, 100 points over [-5, 5]', () => {
    const data = rows<Point>(activationsPlot());
    for (const name of ['relu', 'sigmoid', 'tanh']) {
      const curve = data.filter((p) => p.activation === name);
      expect(curve).toHaveLength(100);
      expect(curve[0].x).toBe(-5);
      expect(curve[99].x).toBe(5);
      for (const { x, y } of curve) expect(y).toBeCloseTo(formulas[name](x), 5);
    }
  });

  it('each curve panel draws only its own activation', () => {
    const [relu] = panels(activationsPlot());
    const [line] = layersOf(relu, 'line');
    expect(line.transform).toEqual([{ filter: { field: 'activation', equal: 'relu' } }]);
    expect(obj(obj(line.encoding).y).field).toBe('y');
  });

  it('softmax bars are probabilities of the scores that sum to 1', () => {
    const scores = [2, 1, 0.1];
    const softmax = panels(activationsPlot())[3];
    const bars = rows<{ class: string; score: number; probability: number }>(softmax);
    const total = scores.reduce((s, v) => s + Math.exp(v), 0);
    expect(bars.map((b) => b.class)).toEqual(['Class A', 'Class B', 'Class C']);
    bars.forEach((b, i) => expect(b.probability).toBeCloseTo(Math.exp(scores[i]) / total, 6));
    expect(bars.reduce((s, b) => s + b.probability, 0)).toBeCloseTo(1, 5);
    expect(layersOf(softmax, 'bar')).toHaveLength(1);
  });

  it('takes other names, range, points and scores', () => {
    const spec = activationsPlot({ names: ['linear', 'gelu'], range: [-2, 2], points: 5, softmaxScores: [0, 0] });
    expectRenderable(spec);
    const data = rows<Point>(spec);
    expect(data.filter((p) => p.activation === 'linear')).toEqual(
      [-2, -1, 0, 1, 2].map((x) => ({ activation: 'linear', x, y: x })),
    );
    expect(rows<{ probability: number }>(panels(spec)[2]).map((b) => b.probability)).toEqual([0.5, 0.5]);
  });

  it('says what is wrong with bad options', () => {
    expect(() => activationsPlot({ names: ['rleu'] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: activationsPlot(): expected a known activation, got 'rleu'. Did you mean 'relu'? Known: elu, gelu, leakyRelu, linear, relu, selu, sigmoid, softplus, swish, tanh.]`,
    );
    expect(() => activationsPlot({ names: ['softmax'] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: activationsPlot(): expected an elementwise activation in names, got 'softmax'. Softmax is drawn from softmaxScores as the bar chart; leave it out of names.]`,
    );
    expect(() => activationsPlot({ range: [5, -5] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: activationsPlot(): expected range as [low, high] with low < high, got [5, -5]. For example range: [-4, 4].]`,
    );
    expect(() => activationsPlot({ points: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: activationsPlot(): expected points to be an integer ≥ 2, got 1. For example points: 200.]`,
    );
    expect(() => activationsPlot({ softmaxScores: [] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: activationsPlot(): expected softmaxScores as a non-empty array of finite numbers, got []. For example softmaxScores: [2, 1, 0.1].]`,
    );
  });
});
