// issue 15 items 15 and 16: the package is strata-nn, and CommonJS code can require() its ESM build (Node >= 20.19)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'strata-require-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the published package', () => {
  it('is named strata-nn (the npm name strata belongs to an unrelated package) and keeps the strata command', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('strata-nn');
    expect(pkg.bin).toEqual({ strata: 'dist/cli/main.js' });
  });

  it('loads by name with require() and with import from a project that installed it', () => {
    // npm install builds dist/ (prepare); this checks the built package as a user gets it
    expect(existsSync(join(root, 'dist/index.js')), 'dist/ is built by npm install').toBe(true);
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/strata-nn'), 'dir');
    const script = (load: string) =>
      `${load}.then((st) => { const m = st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [3] })] }); console.log(m.predict([[1, 2, 3]]).shape.join('x')); })`;
    const cjs = execFileSync(process.execPath, ['-e', script("Promise.resolve(require('strata-nn'))")], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(cjs.trim()).toBe('1x2');
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', script("import('strata-nn')")], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(esm.trim()).toBe('1x2');
  });
});
