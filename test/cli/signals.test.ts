import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { clustersCsv, memoryIo, spawnCli, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const data = tmp.file('big.csv', clustersCsv(200));

describe('SIGTERM, and Ctrl-C after training, keep the work', () => {
  it('SIGTERM stops after the current batch like Ctrl-C, saves, and exits 143', async () => {
    const out = join(tmp.dir, 'terminated');
    let sent = false;
    const run = await spawnCli(
      ['train', '--data', data, '--target', 'colour', '--epochs', '100000', '--batch-size', '8', '--out', out],
      (text, kill) => {
        if (!sent && /^Epoch +3\//m.test(text)) {
          sent = true;
          kill('SIGTERM');
        }
      },
    );
    expect(run.err).toContain('Stopping after this batch (SIGTERM again to quit now)');
    expect(run.out).toMatch(
      /Stopped by SIGTERM during epoch \d+\/100000: kept the best weights so far \(epoch \d+, val_loss \d\.\d{4}\)\./,
    );
    expect(run.out).toContain(`Saved to ${out}/`);
    expect(run.code).toBe(143);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
  });

  it('Ctrl-C during the final evaluation or the save lets the save finish, then exits 130', async () => {
    const out = join(tmp.dir, 'finishing');
    const io = memoryIo();
    const write = io.out;
    const before = process.listenerCount('SIGINT');
    let delivered = false;
    io.out = (text) => {
      write(text);
      // the signal as Node delivers it to the listeners, right as the final evaluation is printed and the save starts
      if (text.startsWith('\nFinal:')) delivered = process.emit('SIGINT' as 'disconnect');
    };
    const code = await runCli(
      ['train', '--data', data, '--target', 'colour', '--epochs', '2', '--layers', '8', '--out', out],
      io,
    );
    expect(delivered).toBe(true);
    expect(io.stderr()).toBe('\nCtrl-C: finishing the evaluation and the save first (Ctrl-C again to quit now)…\n');
    expect(io.stdout()).toContain(`Saved to ${out}/`);
    expect(existsSync(join(out, 'strata-cli.json'))).toBe(true);
    expect(code).toBe(130);
    // the command's listeners are gone: Node's own handling is back
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('the real process, given Ctrl-C while it saves a big model, finishes the save and exits 130', async () => {
    const out = join(tmp.dir, 'big-save');
    let sent = false;
    // 9 million weights: writing them takes a few hundred milliseconds, far longer than the signal takes to arrive
    const run = await spawnCli(
      ['train', '--data', data, '--target', 'colour', '--layers', '3000,3000', '--epochs', '1', '--out', out],
      (text, kill) => {
        if (!sent && text.includes('\nFinal:')) {
          sent = true;
          kill('SIGINT');
        }
      },
    );
    expect(run.err).toBe('\nCtrl-C: finishing the evaluation and the save first (Ctrl-C again to quit now)…\n');
    expect(run.out).toContain(`Saved to ${out}/`);
    expect(run.code).toBe(130);
    expect(existsSync(join(out, 'strata-cli.json'))).toBe(true);
  });
});
