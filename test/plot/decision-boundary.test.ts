import { describe, expect, it } from 'vitest';
import { decisionBoundaryPlot } from '../../src/plot/decision-boundary.js';
import { tensor, type Tensor } from '../../src/tensor/tensor.js';
import { expectRenderable, layersOf, obj, rows } from './spec-helpers.js';

interface Cell {
  x: number;
  y: number;
  p: number;
  class?: string;
  fill?: string;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const x = [
  [-2, -1],
  [3, 1],
  [0, 2],
  [1, -3],
];
const y = [0, 1, 1, 0];

/** P(class 1) = sigmoid(x0 − x1), one batched call; records how it was called. */
function analytic() {
  const calls: number[][] = [];
  const predict = (g: Tensor) => {
    calls.push([...g.shape]);
    const rows = g.shape[0];
    return tensor(
      Array.from({ length: rows }, (_, i) => [sigmoid(g.data[2 * i] - g.data[2 * i + 1])]),
      [rows, 1],
    );
  };
  return { predict, calls };
}

/** Three classes by the sign pattern of the inputs, as softmax rows. */
function threeClasses(g: Tensor): Tensor {
  const rows = g.shape[0];
  return tensor(
    Array.from({ length: rows }, (_, i) => {
      const [a, b] = [g.data[2 * i], g.data[2 * i + 1]];
      if (a < -1) return [0.9, 0.05, 0.05];
      return a < 0 ? [0.5, 0.3, 0.2] : b < 0 ? [0.2, 0.7, 0.1] : [0.3, 0.3, 0.4];
    }),
  );
}

describe('decisionBoundaryPlot', () => {
  it('calls predict once on a [resolution², 2] grid and draws resolution² cells', () => {
    const { predict, calls } = analytic();
    const spec = decisionBoundaryPlot({ predict, x, y, resolution: 30 });
    expectRenderable(spec);
    expect(calls).toEqual([[900, 2]]);
    const [cells] = layersOf(spec, 'rect');
    expect(rows(cells)).toHaveLength(900);
    expect(spec.width).toBe(420);
    expect(spec.height).toBe(420);
  });

  it('covers the bounding box of the data plus padding', () => {
    const { predict } = analytic();
    const spec = decisionBoundaryPlot({ predict, x, y, resolution: 10, padding: 0.5 });
    const cells = rows<Cell>(layersOf(spec, 'rect')[0]);
    const xs = cells.map((c) => c.x);
    const ys = cells.map((c) => c.y);
    // left/bottom edges of the cells: x from -2.5 to 3.5 in steps of 0.6, y from -3.5 to 2.5 in steps of 0.6
    expect(Math.min(...xs)).toBeCloseTo(-2.5, 12);
    expect(Math.max(...xs) + 0.6).toBeCloseTo(3.5, 12);
    expect(Math.min(...ys)).toBeCloseTo(-3.5, 12);
    expect(Math.max(...ys) + 0.6).toBeCloseTo(2.5, 12);
    const encoding = obj(layersOf(spec, 'rect')[0].encoding);
    expect(obj(obj(encoding.x).scale).domain).toEqual([-2.5, 3.5]);
    expect(obj(obj(encoding.y).scale).domain).toEqual([-3.5, 2.5]);
  });

  it('defaults the padding to 10% of the wider span', () => {
    const { predict } = analytic();
    const cells = rows<Cell>(layersOf(decisionBoundaryPlot({ predict, x, y, resolution: 5 }), 'rect')[0]);
    expect(Math.min(...cells.map((c) => c.x))).toBeCloseTo(-2 - 0.5, 12); // spans 5 in x and y
  });

  it('gives a single point a unit-wide square around it', () => {
    const { predict } = analytic();
    const spec = decisionBoundaryPlot({ predict, x: [[2, 3]], y: [1], resolution: 4 });
    const encoding = obj(layersOf(spec, 'rect')[0].encoding);
    expect(obj(obj(encoding.x).scale).domain).toEqual([1.5, 2.5]);
    expect(obj(obj(encoding.y).scale).domain).toEqual([2.5, 3.5]);
  });

  it('colours each cell by the probability that predict gives at its centre', () => {
    const { predict } = analytic();
    const resolution = 8;
    const spec = decisionBoundaryPlot({ predict, x, y, resolution, padding: 1 });
    const dx = 7 / resolution;
    const dy = 7 / resolution;
    for (const cell of rows<Cell>(layersOf(spec, 'rect')[0]))
      expect(cell.p).toBeCloseTo(sigmoid(cell.x + dx / 2 - (cell.y + dy / 2)), 3);
    const fill = obj(obj(layersOf(spec, 'rect')[0].encoding).fill);
    expect(fill).toMatchObject({ field: 'p', type: 'quantitative', title: 'P(class 1)' });
    expect(obj(fill.scale)).toMatchObject({ domain: [0, 1], domainMid: 0.5 });
  });

  it('draws the training points coloured and shaped by class', () => {
    const { predict } = analytic();
    const spec = decisionBoundaryPlot({ predict, x, y, resolution: 4, classes: ['no', 'yes'] });
    const [points] = layersOf(spec, 'point');
    expect(rows(points)).toEqual([
      { x: -2, y: -1, class: 'no' },
      { x: 3, y: 1, class: 'yes' },
      { x: 0, y: 2, class: 'yes' },
      { x: 1, y: -3, class: 'no' },
    ]);
    const encoding = obj(points.encoding);
    expect(obj(encoding.color)).toMatchObject({ field: 'class', scale: { domain: ['no', 'yes'] } });
    expect(obj(encoding.shape)).toMatchObject({ field: 'class', scale: { domain: ['no', 'yes'] } });
  });

  it('accepts tensors, [n, 1] labels and one-hot labels', () => {
    const { predict } = analytic();
    const fromColumn = decisionBoundaryPlot({ predict, x: tensor(x), y: tensor([[0], [1], [1], [0]]), resolution: 3 });
    const fromOneHot = decisionBoundaryPlot({
      predict,
      x,
      y: [
        [1, 0],
        [0, 1],
        [0, 1],
        [1, 0],
      ],
      resolution: 3,
    });
    const classes = (spec: typeof fromColumn) => rows<Cell>(layersOf(spec, 'point')[0]).map((p) => p.class);
    expect(classes(fromColumn)).toEqual(['class 0', 'class 1', 'class 1', 'class 0']);
    expect(classes(fromOneHot)).toEqual(classes(fromColumn));
  });

  it('multi-class: the arg-max class per cell, with its probability', () => {
    const spec = decisionBoundaryPlot({ predict: threeClasses, x, y: [0, 1, 2, 1], resolution: 10, padding: 0 });
    expectRenderable(spec);
    const cells = rows<Cell>(layersOf(spec, 'rect')[0]);
    const dx = 5 / 10;
    for (const cell of cells) {
      const [cx, cy] = [cell.x + dx / 2, cell.y + 0.3];
      const expected =
        cx < -1 ? ['class 0', 0.9] : cx < 0 ? ['class 0', 0.5] : cy < 0 ? ['class 1', 0.7] : ['class 2', 0.4];
      expect([cell.class, cell.p]).toEqual(expected);
      expect(cell.fill).toMatch(/^#[0-9a-f]{6}$/);
    }
    // the surer class-0 cells get the stronger (darker) tint of the same colour
    const red = (p: number) => parseInt((cells.find((c) => c.p === p)?.fill ?? '').slice(1, 3), 16);
    expect(red(0.9)).toBeLessThan(red(0.5));
    expect(new Set(cells.map((c) => c.class))).toEqual(new Set(['class 0', 'class 1', 'class 2']));
  });

  it('says what is wrong with bad inputs', () => {
    const { predict } = analytic();
    expect(() => decisionBoundaryPlot({ predict, x: [[1, 2, 3]], y: [0] })).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: decisionBoundaryPlot(): expected x of shape [n, 2] with n ≥ 1, got [1, 3]. The decision boundary is drawn for models with exactly two input features.]`,
    );
    expect(() => decisionBoundaryPlot({ predict, x, y: [0, 1, 1] })).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: decisionBoundaryPlot(): expected y with 4 labels (one per row of x), got shape [3]. Pass class ids as an array of n numbers, an [n, 1] column or one-hot rows [n, classes].]`,
    );
    expect(() => decisionBoundaryPlot({ predict, x, y: [0, 1, 0.5, 1] })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: decisionBoundaryPlot(): expected class ids 0, 1, 2, … in y, got 0.5 at index 2. Pass integer class ids, or one-hot rows.]`,
    );
    expect(() => decisionBoundaryPlot({ predict, x, y, resolution: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: decisionBoundaryPlot(): expected resolution to be an integer ≥ 2, got 1. Pass a whole number, e.g. resolution: 100.]`,
    );
    expect(() =>
      decisionBoundaryPlot({ predict: () => tensor([[0.5]]), x, y, resolution: 4 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: decisionBoundaryPlot(): expected predict to return a Tensor of shape [16, classes], got [1, 1]. Pass (x) => model.predict(x): one row of class probabilities per grid point.]`,
    );
    expect(() =>
      decisionBoundaryPlot({ predict: (g) => tensor(new Float32Array(g.shape[0]).fill(3), [g.shape[0], 1]), x, y }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[DataError: decisionBoundaryPlot(): expected probabilities in [0, 1] from predict, got 3 at grid point (-2.47, -3.47). End the model with a sigmoid (one class) or softmax output.]`,
    );
    expect(() =>
      decisionBoundaryPlot({ predict: (g) => tensor(new Float32Array(g.shape[0]).fill(NaN), [g.shape[0], 1]), x, y }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[DataError: decisionBoundaryPlot(): expected finite outputs from predict, got NaN for grid point 0. Check the model for NaN weights (a too-high learning rate) before plotting.]`,
    );
    expect(() =>
      decisionBoundaryPlot({ predict, x, y: [0, 1, 2, 0], classes: ['a', 'b'] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: decisionBoundaryPlot(): expected 3 class names, got 2 (a, b). Name every class that y or the model can produce, in class-id order.]`,
    );
  });
});
