import { readFileSync } from 'node:fs';
import { ConfigError } from '../index.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'a directory',
  EACCES: 'a file without read permission',
};

/** A file's text, or a one-line user error naming the path (instead of Node's ENOENT stack). */
export function readTextFile(path: string, what: string, hint?: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new ConfigError({
      where: path,
      expected: `a readable ${what}`,
      received: REASONS[code] ?? (e as Error).message,
      hint: hint ?? 'Check the path.',
    });
  }
}
