// issue 15 item 12: every typed error says how to fix what it names (docs/ARCHITECTURE.md 3.7: "say four things")
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listTs, readText } from '../scripts/source-files.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const ERROR = /new (Config|Shape|State|Data|Format|Numeric|Memory|Write)Error\(\{/g;
// spreads of helpers that build the facts with a hint (unknown names and options, bad tensor entries)
const SPREADS_WITH_HINT = /\.\.\.(unknown|unknownName\(|badEntry\()/;

/** The `{ … }` facts of every `new XError({ … })` in a source text, with its line. */
function errorFacts(text: string): { line: number; facts: string }[] {
  const found: { line: number; facts: string }[] = [];
  for (const m of text.matchAll(ERROR)) {
    let i = m.index! + m[0].length;
    for (let depth = 1; depth > 0 && i < text.length; i++) depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
    found.push({ line: text.slice(0, m.index).split('\n').length, facts: text.slice(m.index, i) });
  }
  return found;
}

describe('error hints', () => {
  it('every typed error built in src/ carries a hint', () => {
    const missing = listTs(src).flatMap((file) =>
      errorFacts(readText(join(src, file)))
        .filter(({ facts }) => !/\bhint\b/.test(facts) && !SPREADS_WITH_HINT.test(facts))
        .map(({ line }) => `${file}:${line}`),
    );
    expect(missing).toEqual([]);
  });

  it('the scan finds errors and notices one without a hint (the check can fail)', () => {
    const sample = `throw new ConfigError({ where, expected: 'x', received: 'y' });\nthrow new ShapeError({ where, expected: 'a', received: 'b', hint: 'c' });`;
    const facts = errorFacts(sample);
    expect(facts).toHaveLength(2);
    expect(facts.filter((f) => !/\bhint\b/.test(f.facts)).map((f) => f.line)).toEqual([1]);
  });
});
