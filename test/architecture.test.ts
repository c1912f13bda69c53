import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listTs, readText } from '../scripts/source-files.js';

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
  model: 5,
  'index.ts': 6,
  cli: 7,
};

const src = fileURLToPath(new URL('../src/', import.meta.url));
const topOf = (file: string) => file.split('/')[0];
const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  // TSDoc examples import 'strata' by name: only real code counts
  const code = readText(join(src, file))
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
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
