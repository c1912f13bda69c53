import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { codeLines, listTs, readText } from './source-files.js';

/** Prints code lines per src/ folder and the largest files; the budget itself is enforced by test/size.test.ts. */
const src = fileURLToPath(new URL('../src/', import.meta.url));
const perFolder = new Map<string, number>();
const perFile: [string, number][] = [];
for (const file of listTs(src)) {
  const lines = codeLines(readText(join(src, file)));
  const folder = file.includes('/') ? file.slice(0, file.indexOf('/')) : '.';
  perFolder.set(folder, (perFolder.get(folder) ?? 0) + lines);
  perFile.push([file, lines]);
}
for (const [folder, lines] of [...perFolder].sort((a, b) => b[1] - a[1]))
  console.log(`${String(lines).padStart(6)}  ${folder}/`);
console.log(`${String([...perFolder.values()].reduce((a, b) => a + b, 0)).padStart(6)}  total`);
console.log('\nlargest files:');
for (const [file, lines] of perFile.sort((a, b) => b[1] - a[1]).slice(0, 5))
  console.log(`${String(lines).padStart(6)}  ${file}`);
