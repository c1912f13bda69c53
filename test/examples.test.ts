import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

function runExample(name: string, ...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', `examples/${name}.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
  });
}

describe('examples run from the command line', () => {
  it('spiral (the demo) prints epoch lines and the final accuracy', () => {
    const out = runExample('spiral', '300');
    expect(out).toContain('Total params: 225');
    expect(out).toMatch(/Epoch 0: Loss = 0\.\d{4}, Accuracy = 0\.\d{4}/);
    expect(out).toMatch(/Epoch 200: Loss/);
    const accuracy = Number(/Final Accuracy: ([\d.]+)%/.exec(out)?.[1]);
    expect(accuracy).toBeGreaterThan(90);
  });
});
