import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFailure } from './write-errors.js';

/**
 * Writes a file so readers see the old or the new contents, never half: temporary file, fsync, rename. A failure
 * (a full disk, a read-only folder…) removes the temporary file and throws one typed line naming `path`.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, what = 'the file'): void {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeFailure(e, path, what);
  }
}
