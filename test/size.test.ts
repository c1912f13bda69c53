import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeLines, listTs, readText } from '../scripts/source-files.js';

// docs/ARCHITECTURE.md 3.10: a visible size budget that grows only on purpose
const MAX_FILE_LINES = 300;

describe('size budget', () => {
  it(`no file in src/ has more than ${MAX_FILE_LINES} lines of code`, () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const over = listTs(src)
      .map((f) => [f, codeLines(readText(join(src, f)))] as const)
      .filter(([, n]) => n > MAX_FILE_LINES)
      .map(([f, n]) => `${f}: ${n}`);
    expect(over).toEqual([]);
  });

  it('counts code, not comments or blank lines', () => {
    expect(codeLines('/**\n * doc\n */\nconst a = 1;\n\n// why\nconst b = 2; // trailing\n')).toBe(2);
  });
});
