import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, StrataError, WriteError } from '../index.js';

/** Why a write failed, in words, and what to do about it; by Node's error code. */
const REASONS: Record<string, { received: string; hint: string }> = {
  ENOSPC: { received: 'a full disk (ENOSPC)', hint: 'Free some space, or pass --out on another disk.' },
  EDQUOT: { received: 'a full disk quota (EDQUOT)', hint: 'Free some space, or pass --out on another disk.' },
  EROFS: { received: 'a read-only file system (EROFS)', hint: 'Pass --out on a writable disk.' },
  EACCES: {
    received: 'no permission to write there (EACCES)',
    hint: 'Pass --out in a folder you may write to, or change its permissions.',
  },
  EPERM: {
    received: 'no permission to write there (EPERM)',
    hint: 'Pass --out in a folder you may write to, or change its permissions.',
  },
  ENOTDIR: {
    received: 'a file where a folder should be (ENOTDIR)',
    hint: 'Rename or remove that file, or pass another --out.',
  },
  EEXIST: { received: 'a file where the folder should be (EEXIST)', hint: 'Pass a new folder name to --out.' },
  EISDIR: { received: 'a folder where the file should be (EISDIR)', hint: 'Pass a file name to --out.' },
  ENAMETOOLONG: { received: 'a name too long for the file system (ENAMETOOLONG)', hint: 'Pass a shorter --out.' },
};

/**
 * A write's failure as one typed line naming the path the user gave: Node's ENOSPC, EROFS, ENOTDIR, EACCES… become a
 * ConfigError with the fix; strata's own errors pass through; anything else keeps its message.
 */
export function writeFailure(error: unknown, path: string, what: string): Error {
  // the library's WriteError keeps Node's error as its cause: say it in the CLI's words
  if (error instanceof WriteError && error.cause instanceof Error) error = error.cause;
  if (error instanceof StrataError || !(error instanceof Error)) return error as Error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code];
  return new ConfigError({
    where: path,
    expected: `a place to write ${what}`,
    received: reason?.received ?? error.message,
    hint: reason?.hint,
  });
}

/** Runs `write`, turning a failure into writeFailure's one line. */
export async function withWriteErrors<T>(path: string, what: string, write: () => T | Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw writeFailure(e, path, what);
  }
}

const kindOf = (path: string): 'folder' | 'file' | undefined => {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return undefined;
  }
};

/**
 * Checks before any work is done that `path` can be written as a `kind` (a model folder, or a file): that it is not
 * the other kind already, that no file stands where one of its folders should be, and that the nearest existing
 * folder is writable. Throws the one-line error the write would have ended with, only sooner.
 */
export function checkWritable(path: string, kind: 'folder' | 'file', what: string): void {
  const fail = (code: string, detail?: string): never => {
    const reason = REASONS[code];
    throw new ConfigError({
      where: path,
      expected: `a place to write ${what}`,
      received: detail ? `${reason.received}: ${detail}` : reason.received,
      hint: reason.hint,
    });
  };
  const existing = kindOf(path);
  if (existing !== undefined && existing !== kind)
    throw new ConfigError({
      where: path,
      expected: kind === 'folder' ? `a folder to save ${what} in` : `a file to write ${what} to`,
      received: `an existing ${existing}`,
      hint:
        kind === 'folder'
          ? 'Pass a new folder name to --out (a model is a folder: model.json, weights, strata-cli.json), or remove the file.'
          : 'Pass a file name to --out.',
    });
  let ancestor = existing === 'folder' ? resolve(path) : dirname(resolve(path));
  for (;;) {
    const found = kindOf(ancestor);
    if (found === 'file') fail('ENOTDIR', `'${ancestor}' is a file`);
    if (found === 'folder') break;
    const up = dirname(ancestor);
    if (up === ancestor) return;
    ancestor = up;
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (REASONS[code]) fail(code, `'${ancestor}'`);
    throw e;
  }
}
