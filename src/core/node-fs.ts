import { ConfigError } from './errors.js';

/** The parts of node:fs strata uses. */
export interface NodeFs {
  existsSync(path: string): boolean;
  readFileSync(path: string): Uint8Array;
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string | Uint8Array): void;
  appendFileSync(path: string, data: string): void;
  /** Returns the first folder it created (undefined when all existed). */
  mkdirSync(path: string, options: { recursive: true }): string | undefined;
  rmdirSync(path: string): void;
  readdirSync(path: string): string[];
  renameSync(from: string, to: string): void;
  rmSync(path: string, options?: { force?: boolean }): void;
  openSync(path: string, flags: string): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  openSync(path: string, flags: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  fstatSync(fd: number): { isFile(): boolean; size: number; dev: number; ino: number };
  realpathSync(path: string): string;
  readonly constants: { O_RDONLY: number; O_NOFOLLOW?: number; O_NONBLOCK?: number };
}

/** node:fs looked up at run time (Node ≥ 20.16), so the core imports nothing from node: and still loads in a browser. */
export function nodeFs(where: string): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  if (!fs)
    throw new ConfigError({
      where,
      expected: 'Node.js 20.16 or newer (a file system)',
      received: 'a runtime without node:fs',
      hint: 'In a browser, use model.toArtifacts() and st.loadModel(artifacts) instead.',
    });
  return fs;
}

/** Writes a file so a reader sees the old or the new contents, never a mix: temporary file, fsync, rename. */
export function writeFileAtomic(fs: NodeFs, path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const fd = fs.openSync(tmp, 'wx');
  try {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    // writeSync may write less than asked (a full disk writes what fits, then throws on the next call)
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes.subarray(at));
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, path);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The bytes of `name` inside `dir`, read only when it is a regular file whose real path is inside `dir` (no symlink out,
 * no FIFO or device) and no larger than `maxBytes`; undefined when there is no such file. `refuse` says why not.
 */
export function readFileInside(
  fs: NodeFs,
  dir: string,
  name: string,
  maxBytes: number,
  refuse: (reason: string, size?: number) => never,
): Uint8Array | undefined {
  // Node throws a raw TypeError for these
  if (dir.includes('\0') || name.includes('\0')) refuse('a path with a NUL byte');
  let real: string;
  try {
    real = fs.realpathSync(`${dir.replace(/[/\\]+$/, '')}/${name}`);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
  const root = fs.realpathSync(dir).replace(/[/\\]+$/, '');
  if (!real.startsWith(root + '/') && !real.startsWith(root + '\\')) refuse('a link to a file outside the folder');
  const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;
  // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; fstat then refuses it
  let fd: number;
  try {
    fd = fs.openSync(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    // removed between realpath and open (a concurrent save): as missing, so the reader reads the new version
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) refuse('not a regular file (a FIFO, device or folder)');
    if (stat.size > maxBytes) refuse(`${stat.size} bytes, more than the ${maxBytes} expected`, stat.size);
    const bytes = new Uint8Array(stat.size);
    for (let at = 0; at < bytes.length;) {
      const n = fs.readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) refuse('a file that shrank while it was read');
      at += n;
    }
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}
