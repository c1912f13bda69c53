import { ConfigError } from './errors.js';

/** The parts of node:fs strata uses. */
export interface NodeFs {
  existsSync(path: string): boolean;
  readFileSync(path: string): Uint8Array;
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string | Uint8Array): void;
  appendFileSync(path: string, data: string): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  readdirSync(path: string): string[];
  renameSync(from: string, to: string): void;
  rmSync(path: string, options?: { force?: boolean }): void;
  openSync(path: string, flags: string): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
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
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path);
}
