// choosing threads as the first thing a program does keeps them (useKernels once stopped the pool it was given)
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('st.useKernels(st.selectKernels({ threads: 2 })) in a fresh process runs a 2-thread pool', async () => {
  const script = `
    import * as st from './src/index.ts';
    import { currentPool } from './src/kernels/wasm/pool.ts';
    const previous = st.useKernels(st.selectKernels({ prefer: 'wasm', threads: 2 }));
    console.log(JSON.stringify({ threads: currentPool()?.threads ?? null, previous: previous.name }));
    process.exit(0);
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: root,
      timeout: 60_000,
    },
  );
  expect(JSON.parse(stdout.trim())).toEqual({ threads: 2, previous: 'wasm' });
});
