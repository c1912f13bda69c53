import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

const imports = (python: string) =>
  spawnSync(python, ['-c', 'import torch, numpy'], { timeout: 120_000, stdio: 'ignore' }).status === 0;

/** The first Python that imports torch and NumPy: python3 on PATH, then Debian's /usr/bin/python3. */
function find(): string | undefined {
  return ['python3', '/usr/bin/python3'].find(imports);
}

/**
 * A Python with torch, installing Debian's python3-torch when none is found and apt can run (as root); undefined,
 * with one line saying why, where it cannot.
 */
export function torchPython(): string | undefined {
  const found = find();
  if (found) return found;
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (canApt) {
    const options = {
      timeout: 600_000,
      stdio: 'ignore' as const,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    };
    spawnSync('apt-get', ['update'], options);
    spawnSync('apt-get', ['install', '-y', 'python3-torch', 'python3-numpy'], options);
    const installed = find();
    if (installed) return installed;
  }
  console.log('skipped: no Python with torch (python3-torch could not be installed with apt-get)');
  return undefined;
}

/** Runs Python with a time limit (never hangs): killed after `timeout` ms. */
export function runPython(
  python: string,
  args: string[],
  options: { cwd?: string; timeout?: number; env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  return spawnSync(python, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    killSignal: 'SIGKILL',
    env: { ...process.env, OMP_NUM_THREADS: '1', ...options.env },
  });
}
