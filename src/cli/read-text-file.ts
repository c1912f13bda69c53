import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { ConfigError } from '../index.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'a directory',
  EACCES: 'a file without read permission',
};

function unreadable(e: unknown, path: string, what: string, hint?: string): ConfigError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return new ConfigError({
    where: path,
    expected: `a readable ${what}`,
    received: REASONS[code] ?? (e as Error).message,
    hint: hint ?? 'Check the path.',
  });
}

/** A file's text, or a one-line user error naming the path (instead of Node's ENOENT stack). */
export function readTextFile(path: string, what: string, hint?: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw unreadable(e, path, what, hint);
  }
}

/** A file descriptor for reading `path` in pieces, with readTextFile's one-line errors (a directory fails here too). */
export function openTextFile(path: string, what: string, hint?: string): number {
  try {
    const fd = openSync(path, 'r');
    // opening a directory succeeds on Linux; reading it is what fails
    if (!fstatSync(fd).isDirectory()) return fd;
    closeSync(fd);
    throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
  } catch (e) {
    throw unreadable(e, path, what, hint);
  }
}
