import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { listTs, readText } from '../../scripts/source-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, 'test', 'docs', '.generated');

interface Example {
  where: string;
  code: string;
}

function readmeExamples(): Example[] {
  const text = readText(join(root, 'README.md'));
  return [...text.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((m, i) => ({
    where: `README.md block ${i + 1}`,
    code: m[1],
  }));
}

function tsdocExamples(): Example[] {
  const src = join(root, 'src');
  return listTs(src).flatMap((file) =>
    [...readText(join(src, file)).matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)].map((m, i) => ({
      where: `src/${file} @example ${i + 1}`,
      code: m[1].replace(/^\s*\* ?/gm, ''),
    })),
  );
}

/** Runs each example as a module of its own, with 'strata-nn' resolved to the sources. */
async function run(example: Example, index: number): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `example-${index}.ts`);
  writeFileSync(file, `${example.code}\nexport {};\n`);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
  }
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('documentation examples run', () => {
  const readme = readmeExamples();
  const tsdoc = tsdocExamples();

  it('finds the examples', () => {
    expect(readme.length).toBeGreaterThanOrEqual(4);
    expect(tsdoc.length).toBeGreaterThanOrEqual(20);
  });

  it.each(readme.map((e, i) => [e.where, e, i] as const))('%s', async (_where, example, i) => {
    await run(example, i);
  });

  it.each(tsdoc.map((e, i) => [e.where, e, 1000 + i] as const))('%s', async (_where, example, i) => {
    await run(example, i);
  });
});
