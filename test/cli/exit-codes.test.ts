import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, clustersCsv, spawnCli, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('exit codes: 0 success, 1 user error (one line), 2 bad usage', () => {
  it('a user error is one line on stderr, exit 1; --verbose adds the stack', async () => {
    const missing = await cli('train', '--data', 'nowhere.csv', '--target', 'y');
    expect(missing).toEqual({
      code: 1,
      out: '',
      err: 'error: nowhere.csv: expected a readable CSV file, got no such file. Check the path.\n',
    });
    const verbose = await cli('train', '--data', 'nowhere.csv', '--target', 'y', '--verbose');
    expect(verbose.code).toBe(1);
    expect(verbose.err).toMatch(/^error: nowhere\.csv: .+\nConfigError: .+\n\s+at /);
    const target = await cli('train', '--data', tmp.file('d.csv', clustersCsv(2)), '--target', 'color');
    expect(target.err).toBe(
      `error: ${tmp.dir}/d.csv: expected a target column 'color', got the columns 'width', 'height', 'colour'. Did you mean 'colour'?\n`,
    );
    expect((await cli('summary', '--model', 'no-such-model')).err).toMatchInlineSnapshot(`
      "error: no-such-model: expected a model directory with model.json, got no such directory. Train one with strata train --out DIR (or strata demo), then pass --model DIR.
      "
    `);
  });

  it('bad usage exits 2 with commander’s message', async () => {
    const unknown = await cli('train', '--data', 'x.csv', '--target', 'y', '--epoch', '3');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatchInlineSnapshot(`
      "error: unknown option '--epoch'
      (Did you mean --epochs?)
      (add --help for usage)
      "
    `);
    const value = await cli('train', '--data', 'x.csv', '--target', 'y', '--epochs', 'ten');
    expect(value.code).toBe(2);
    expect(value.err).toMatchInlineSnapshot(`
      "error: option '--epochs <n>' argument 'ten' is invalid. expected a whole number ≥ 1, got "ten"
      (add --help for usage)
      "
    `);
    expect((await cli('train', '--target', 'y')).err).toMatchInlineSnapshot(`
      "error: strata train: expected --data FILE.csv (or --images DIR, or --idx FILE), got none. For example: strata train --data iris.csv --target species --out iris-model
      (add --help for usage)
      "
    `);
    expect((await cli('train', '--target', 'y')).code).toBe(2);
    expect((await cli('predict', '--data', 'x.csv')).code).toBe(2);
    expect((await cli('demo', 'spirals')).code).toBe(2);
    expect((await cli('plot', 'weights')).code).toBe(2);
    expect((await cli('fly')).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });

  it('help and version exit 0', async () => {
    const help = await cli('train', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--early-stopping <patience>');
    expect((await cli('--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('the real process exits 1 and 2', async () => {
    const [user, usage] = await Promise.all([
      spawnCli(['summary', '--model', 'nowhere']),
      spawnCli(['demo', '--epochs', '0']),
    ]);
    expect(user.code).toBe(1);
    expect(user.err.trim().split('\n')).toHaveLength(1);
    expect(usage.code).toBe(2);
  });

  it('Ctrl-C stops after the current batch, keeps the best weights, saves and says where (exit 130)', async () => {
    const data = tmp.file('big.csv', clustersCsv(200));
    const out = join(tmp.dir, 'stopped');
    let sent = false;
    const run = await spawnCli(
      ['train', '--data', data, '--target', 'colour', '--epochs', '100000', '--batch-size', '8', '--out', out],
      (text, kill) => {
        if (!sent && /^Epoch +3\//m.test(text)) {
          sent = true;
          kill('SIGINT');
        }
      },
    );
    expect(run.err).toContain('Stopping after this batch');
    expect(run.out).toMatch(
      /Interrupted during epoch \d+\/100000: kept the best weights so far \(epoch \d+, val_loss \d\.\d{4}\)\./,
    );
    expect(run.out).toContain(`Saved to ${out}/`);
    expect(run.code).toBe(130);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
  });
});
