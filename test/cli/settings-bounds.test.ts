import { afterAll, describe, expect, it } from 'vitest';
import { cli, clustersCsv, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const data = tmp.file('d.csv', clustersCsv(4));
const train = (...flags: string[]) => cli('train', '--data', data, '--target', 'colour', ...flags);

describe('numbers on the command line: plain decimal text, within sane bounds', () => {
  it('refuses hexadecimal, binary and exponent forms of whole numbers as bad usage (exit 2)', async () => {
    const hex = await train('--epochs', '0x10');
    expect(hex.code).toBe(2);
    expect(hex.err).toContain(
      `option '--epochs <n>' argument '0x10' is invalid. expected a whole number ≥ 1, got "0x10"`,
    );
    expect(hex.out).toBe('');
    expect((await train('--batch-size', '0b11')).code).toBe(2);
    expect((await train('--epochs', '1e2')).code).toBe(2);
    expect((await train('--lr', '0x1')).code).toBe(2);
    expect((await train('--dropout', 'Infinity')).code).toBe(2);
    expect((await cli('demo', '--epochs', '0x10')).code).toBe(2);
    expect((await cli('gradcheck', '--model', 'm', '--data', 'd', '--epsilon', '0x1')).code).toBe(2);
  });

  it('refuses a seed past the integers a double holds exactly as bad usage (exit 2), not a failure later (exit 1)', async () => {
    const huge = await train('--seed', '1e300');
    expect(huge.code).toBe(2);
    expect(huge.err).toContain(`argument '1e300' is invalid. expected a whole number ≥ 0, got "1e300"`);
    const digits = await train('--seed', '9'.repeat(30));
    expect(digits.code).toBe(2);
  });

  it('refuses a hidden layer wider than 65536 units at once, and a network past 50 million parameters before training', async () => {
    const runaway = await train('--layers', '1e9');
    expect(runaway.code).toBe(2);
    expect(runaway.err).toContain(
      `argument '1e9' is invalid. expected hidden layer sizes from 1 to 65536 like 64,32 (or 'none'), got "1e9"`,
    );
    expect((await train('--layers', '100000,100000')).code).toBe(2);
    const big = await train('--layers', '60000,60000');
    expect(big).toEqual({
      code: 1,
      out: expect.not.stringContaining('Epoch'),
      err: 'error: --layers: expected a network of at most 50,000,000 parameters, got 3,600,420,003 (layers 60000,60000 on 2 features). Use fewer or smaller hidden layers.\n',
    });
  });

  it('applies the same checks to a --config file (exit 1, naming the setting)', async () => {
    const config = tmp.file('c.json', JSON.stringify({ data: 'd.csv', target: 'colour', epochs: '0x10' }));
    const bad = await cli('train', '--config', config);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      `error: ${config}: epochs: expected a whole number ≥ 1, got "0x10". Correct this setting in the --config file (the same values the command-line flag takes).\n`,
    );
    const layers = tmp.file('l.json', JSON.stringify({ data: 'd.csv', target: 'colour', layers: [1e9] }));
    expect((await cli('train', '--config', layers)).err).toContain('expected hidden layer sizes from 1 to 65536');
  });
});
