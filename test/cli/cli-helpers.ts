import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** Captures what a command writes. */
export function memoryIo(isTTY = false, columns?: number): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY,
    columns,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs `strata …` in-process. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** A fresh temporary folder; call the returned function to remove it. */
export function tempDir(): { dir: string; file: (name: string, text?: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name);
      if (text !== undefined) writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs the real program in a child process (tsx, from the sources); `onStdout` sees the output so far as it comes,
 * `nodeArgs` go to node itself (e.g. a heap limit).
 */
export function spawnCli(
  args: string[],
  onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
  nodeArgs: string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...nodeArgs, '--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, maxBuffer: 64 << 20 },
      (error) => resolve({ code: child.exitCode ?? (error as { code?: number } | null)?.code ?? null, out, err }),
    );
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      onStdout?.(out, (signal) => child.kill(signal));
    });
    child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
  });
}

/** A small CSV with string labels: three clusters in two features, `rows` per class. */
export function clustersCsv(rows: number, seed = 1): string {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const centres: [string, number, number][] = [
    ['red', 0, 0],
    ['green', 3, 3],
    ['blue', 0, 4],
  ];
  const lines = ['width,height,colour'];
  for (let i = 0; i < rows; i++)
    for (const [name, cx, cy] of centres)
      lines.push(`${(cx + random() - 0.5).toFixed(3)},${(cy + random() - 0.5).toFixed(3)},${name}`);
  return lines.join('\n') + '\n';
}
