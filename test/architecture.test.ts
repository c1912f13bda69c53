import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listTs, readText } from '../scripts/source-files.js';
import { layerClasses } from '../src/layers/layer-classes.js';

// docs/ARCHITECTURE.md 3.3: a module imports only from a lower rank, never from a sibling folder of the same rank
const ranks: Record<string, number> = {
  core: 0,
  kernels: 1,
  tensor: 2,
  activations: 3,
  initializers: 3,
  regularizers: 3,
  losses: 3,
  metrics: 3,
  layers: 4,
  optimizers: 4,
  data: 4,
  callbacks: 4,
  plot: 4,
  io: 5,
  model: 6,
  'index.ts': 7,
  cli: 8,
};

const src = fileURLToPath(new URL('../src/', import.meta.url));
const topOf = (file: string) => file.split('/')[0];
const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The code without comments: TSDoc examples import 'strata-nn' and name layers, and only real code counts. */
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function importsOf(file: string): string[] {
  const code = stripComments(readText(join(src, file)));
  return [...code.matchAll(importPattern)].map((m) => m[1] ?? m[2]);
}

describe('the one-way dependency rule', () => {
  const files = listTs(src);

  it('knows the rank of every folder in src', () => {
    expect(files.map(topOf).filter((top) => ranks[top] === undefined)).toEqual([]);
  });

  it('every import points to a lower rank or stays in its own folder', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = normalize(join(dirname(file), spec))
          .split('\\')
          .join('/')
          .replace(/\.js$/, '.ts');
        const [from, to] = [topOf(file), topOf(target)];
        if (from !== to && !(ranks[to] < ranks[from]))
          violations.push(`${file} imports ${target} (rank ${ranks[from]} → ${ranks[to]})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the core has no run-time dependencies and imports nothing from node:', () => {
    const outside = files
      .filter((f) => topOf(f) !== 'cli')
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => !s.startsWith('.'))
          .map((s) => `${f} imports ${s}`),
      );
    expect(outside).toEqual([]);
  });

  it('index.ts uses explicit named exports only', () => {
    expect(readText(join(src, 'index.ts'))).not.toMatch(/export \*/);
  });

  it('catches a violation (the rule can fail)', () => {
    const fake = 'layers/dense.ts';
    const target = normalize(join(dirname(fake), '../model/sequential.js')).replace(/\.js$/, '.ts');
    expect(ranks[topOf(target)] < ranks[topOf(fake)]).toBe(false);
  });
});

// docs/ARCHITECTURE.md 3.12: adding a layer class means its file, its test and one line in layers/layer-classes.ts
describe('a layer class lives in its own file', () => {
  const files = listTs(src);
  const code = new Map(files.map((f) => [f, stripComments(readText(join(src, f)))]));
  // LeakyReLU → leaky-relu, Conv2D → conv2d, MaxPooling2D → max-pooling2d, SimpleRNN → simple-rnn
  const kebab = (name: string) =>
    name
      .replace('ReLU', 'Relu')
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase();
  const namedAsString = (name: string, text: string) => new RegExp(`(['"\`])${name}\\1`).test(text);
  const table = code.get('layers/layer-classes.ts')!;

  it.each(Object.keys(layerClasses))('%s: the only file that names it as a string is its own', (name) => {
    const naming = files.filter((f) => namedAsString(name, code.get(f)!));
    expect(naming).toEqual([`layers/${kebab(name)}.ts`]);
  });

  it.each(Object.keys(layerClasses))('%s: one line of the table lists it, keyed by its class name', (name) => {
    // max-pooling2d is not global-max-pooling2d: a hyphen does not start a new name
    const lines = table
      .split('\n')
      .filter((line) => new RegExp(`\\b${name}\\b|(?<![\\w-])${kebab(name)}(?![\\w-])`).test(line));
    // the import of its descriptor and the table line
    expect(lines.map((l) => l.trim())).toEqual([
      expect.stringMatching(new RegExp(`^import \\{ \\w+Class \\} from './${kebab(name)}.js';$`)),
      expect.stringMatching(new RegExp(`^${name}: \\w+Class,$`)),
    ]);
  });

  it('catches a class name switched on elsewhere (the rule can fail)', () => {
    expect(namedAsString('Dropout', "if (layer.className !== 'Dropout') {")).toBe(true);
    expect(namedAsString('Dropout', 'case "Dropout":')).toBe(true);
    expect(namedAsString('Dropout', 'dropoutClass.stochastic')).toBe(false);
  });
});
