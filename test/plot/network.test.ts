import { describe, expect, it } from 'vitest';
import { networkPlot, type NetworkLayer } from '../../src/plot/network.js';
import { expectRenderable, layersOf, obj, rows } from './spec-helpers.js';

interface Unit {
  column: number;
  unit: number;
  x: number;
  y: number;
  role: string;
}

// the second tutorial's network: 4 → 8 → 6 → 3
const tutorial: NetworkLayer[] = [
  { name: 'dense_1', className: 'Dense', units: 8, activation: 'relu', params: 40 },
  { name: 'dense_2', className: 'Dense', units: 6, activation: 'relu', params: 54 },
  { name: 'dense_3', className: 'Dense', units: 3, activation: 'softmax', params: 21 },
];

describe('networkPlot', () => {
  it('draws a column of units per layer, after the input column', () => {
    const spec = networkPlot(tutorial, { inputUnits: 4 });
    expectRenderable(spec);
    const units = rows<Unit>(layersOf(spec, 'circle')[0]);
    const perColumn = [0, 1, 2, 3].map((c) => units.filter((u) => u.column === c).length);
    expect(perColumn).toEqual([4, 8, 6, 3]);
    expect(units.filter((u) => u.column === 0).every((u) => u.role === 'input')).toBe(true);
    expect(units.filter((u) => u.column === 3).every((u) => u.role === 'output')).toBe(true);
    // centred on y = 0
    for (let c = 0; c < 4; c++) {
      const ys = units.filter((u) => u.column === c).map((u) => u.y);
      expect(Math.max(...ys) + Math.min(...ys)).toBeCloseTo(0, 12);
    }
  });

  it('connects every unit to every unit of the next column', () => {
    const spec = networkPlot(tutorial, { inputUnits: 4 });
    const edges = rows<{ x: number; x2: number }>(layersOf(spec, 'rule')[0]);
    expect(edges).toHaveLength(4 * 8 + 8 * 6 + 6 * 3);
    expect(edges.every((e) => e.x2 === e.x + 1)).toBe(true);
  });

  it('labels each column with units, activation and parameters, and totals them', () => {
    const spec = networkPlot(tutorial, { inputUnits: 4 });
    const labels = rows<{ text: string }>(layersOf(spec, 'text')[1]).map((l) => l.text);
    expect(labels).toEqual([
      'Input\n4 features',
      'dense_1\nDense\n8 units, relu\n40 params',
      'dense_2\nDense\n6 units, relu\n54 params',
      'dense_3\nDense\n3 units, softmax\n21 params',
    ]);
    expect(obj(spec.title).subtitle).toBe('Total params: 115');
  });

  it('caps wide layers at maxUnitsDrawn circles with "… +N"', () => {
    const wide: NetworkLayer[] = [
      { name: 'dense_1', className: 'Dense', units: 512, activation: 'relu', params: 401920 },
      { name: 'dropout_1', className: 'Dropout', units: 512, params: 0 },
      { name: 'dense_2', className: 'Dense', units: 10, activation: 'softmax', params: 5130 },
    ];
    const spec = networkPlot(wide, { inputUnits: 784, maxUnitsDrawn: 6 });
    expectRenderable(spec);
    const units = rows<Unit>(layersOf(spec, 'circle')[0]);
    expect([0, 1, 2, 3].map((c) => units.filter((u) => u.column === c).length)).toEqual([6, 6, 6, 6]);
    expect(rows<{ x: number; text: string }>(layersOf(spec, 'text')[0])).toMatchObject([
      { x: 0, text: '… +778' },
      { x: 1, text: '… +506' },
      { x: 2, text: '… +506' },
      { x: 3, text: '… +4' },
    ]);
    expect(rows(layersOf(spec, 'rule')[0])).toHaveLength(3 * 36);
    expect(rows<{ text: string }>(layersOf(spec, 'text')[1])[1].text).toContain('401,920 params');
    // the default cap is 10
    expect(rows(layersOf(networkPlot(wide), 'circle')[0])).toHaveLength(30);
  });

  it('draws no input column without inputUnits, and sizes to the columns', () => {
    const spec = networkPlot(tutorial);
    expect(new Set(rows<Unit>(layersOf(spec, 'circle')[0]).map((u) => u.column))).toEqual(new Set([0, 1, 2]));
    expect(spec.width).toBe(3 * 170);
  });

  it('says what is wrong with bad layers', () => {
    expect(() => networkPlot([])).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: networkPlot(): expected at least one layer, got an empty list. Pass { name, className, units, activation, params } for each layer of the model.]`,
    );
    expect(() =>
      networkPlot([{ name: 'dense_1', className: 'Dense', units: 0, params: 0 }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: networkPlot(): expected layers[0].units to be an integer ≥ 1, got 0. Pass a whole number of at least 1.]`,
    );
    expect(() => networkPlot(tutorial, { inputUnits: 2.5 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: networkPlot(): expected inputUnits to be an integer ≥ 1, got 2.5. Pass a whole number of at least 1.]`,
    );
    expect(() => networkPlot(tutorial, { maxUnitsDrawn: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: networkPlot(): expected maxUnitsDrawn to be an integer ≥ 1, got 0. Pass a whole number of at least 1.]`,
    );
  });
});
