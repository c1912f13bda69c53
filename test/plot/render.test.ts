import { describe, expect, it } from 'vitest';
import { plots } from '../../src/plot/index.js';
import { tensor, type Tensor } from '../../src/tensor/tensor.js';

// Compiles and renders every spec when vega-lite and vega are installed (the CLI's dependencies); skipped otherwise.
async function load(name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
const [vl, vega] = await Promise.all([load('vega-lite'), load('vega')]);

interface Compile {
  compile(spec: unknown, options: { logger: unknown }): { spec: unknown };
}
interface View {
  toSVG(): Promise<string>;
}
interface Vega {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: string }) => View;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const predict = (g: Tensor) =>
  tensor(Array.from({ length: g.shape[0] }, (_, i) => [sigmoid(3 * (g.data[2 * i] - g.data[2 * i + 1]))]));
const softmax3 = (g: Tensor) =>
  tensor(
    Array.from({ length: g.shape[0] }, (_, i) => {
      const e = [g.data[2 * i], g.data[2 * i + 1], 0].map(Math.exp);
      const total = e[0] + e[1] + e[2];
      return e.map((v) => v / total);
    }),
  );
const x = [
  [-1, -1],
  [1, 0.5],
  [0.5, -1],
  [-0.5, 1],
];

const specs = {
  history: plots.history({
    history: { loss: [1, 0.6, 0.4, 0.45], accuracy: [0.5, 0.7, 0.8, 0.78], val_loss: [1.1, 0.7, 0.5, 0.6] },
  }),
  boundary: plots.decisionBoundary({ predict, x, y: [0, 1, 1, 0], resolution: 20 }),
  boundaryMulti: plots.decisionBoundary({ predict: softmax3, x, y: [2, 0, 0, 1], resolution: 20 }),
  activations: plots.activations(),
  network: plots.network(
    [
      { name: 'dense_1', className: 'Dense', units: 64, activation: 'relu', params: 192 },
      { name: 'dense_2', className: 'Dense', units: 1, activation: 'sigmoid', params: 65 },
    ],
    { inputUnits: 2 },
  ),
  confusion: plots.confusionMatrix([0, 1, 2, 2], [0, 2, 2, 2]),
};

describe.skipIf(!vl || !vega)('specs compile with vega-lite and render with vega', () => {
  it.each(Object.entries(specs))('%s', async (_name, spec) => {
    const warnings: unknown[] = [];
    const logger = {
      level: () => logger,
      warn: (...args: unknown[]) => warnings.push(args),
      error: (...args: unknown[]) => warnings.push(args),
      info: () => {},
      debug: () => {},
    };
    const compiled = (vl as unknown as Compile).compile(JSON.parse(JSON.stringify(spec)), { logger });
    expect(warnings).toEqual([]);
    const { parse, View } = vega as unknown as Vega;
    const svg = await new View(parse(compiled.spec), { renderer: 'none' }).toSVG();
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(svg.length).toBeGreaterThan(2000);
  });
});
