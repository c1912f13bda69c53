import fs, { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import * as st from '../../src/index.js';
import { loadBundle, saveBundle, type CliMetadata } from '../../src/cli/model-bundle.js';
import { writeFailure } from '../../src/cli/write-errors.js';
import { cli, clustersCsv, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
afterEach(() => vi.restoreAllMocks());
const data = tmp.file('d.csv', clustersCsv(4));
const errno = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });

describe('--out checked before training, and write failures as one typed line', () => {
  it('refuses --out over an existing file before training (exit 1), leaving the file alone', async () => {
    const file = tmp.file('taken.txt', 'keep me\n');
    const run = await cli('train', '--data', data, '--target', 'colour', '--out', file);
    expect(run).toEqual({
      code: 1,
      out: '',
      err: `error: ${file}: expected a folder to save the model in, got an existing file. Pass a new folder name to --out (a model is a folder: model.json, weights, strata-cli.json), or remove the file.\n`,
    });
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('refuses an --out under a file (ENOTDIR) before training, naming the file', async () => {
    const file = tmp.file('plain.txt', 'x');
    const run = await cli('train', '--data', data, '--target', 'colour', '--out', join(file, 'sub', 'model'));
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toBe(
      `error: ${file}/sub/model: expected a place to write the model, got a file where a folder should be (ENOTDIR): '${file}' is a file. Rename or remove that file, or pass another --out.\n`,
    );
  });

  it('checks predict, export and demo outputs the same way', async () => {
    const model = join(tmp.dir, 'model');
    expect((await cli('train', '--data', data, '--target', 'colour', '--epochs', '1', '--out', model)).code).toBe(0);
    const predicted = await cli('predict', '--model', model, '--data', data, '--out', tmp.dir);
    expect(predicted.err).toBe(
      `error: ${tmp.dir}: expected a file to write the predictions to, got an existing folder. Pass a file name to --out.\n`,
    );
    const file = tmp.file('f.txt', 'x');
    const onnx = await cli('export', '--model', model, '--format', 'onnx', '--out', join(file, 'm.onnx'));
    expect(onnx.code).toBe(1);
    expect(onnx.err).toContain('(ENOTDIR)');
    const demo = await cli('demo', 'xor', '--epochs', '1', '--out', file);
    expect(demo.code).toBe(1);
    expect(demo.out).toBe('');
    expect(demo.err).toContain(`'${file}' is a file`);
  });

  it('maps ENOSPC, EROFS, EACCES and ENOTDIR to a line with the fix; strata errors pass through', () => {
    const message = (code: string) => writeFailure(errno(code, 'raw'), 'out/model', 'the model').message;
    expect(message('ENOSPC')).toBe(
      'out/model: expected a place to write the model, got a full disk (ENOSPC). Free some space, or pass --out on another disk.',
    );
    expect(message('EROFS')).toBe(
      'out/model: expected a place to write the model, got a read-only file system (EROFS). Pass --out on a writable disk.',
    );
    expect(message('EACCES')).toBe(
      'out/model: expected a place to write the model, got no permission to write there (EACCES). Pass --out in a folder you may write to, or change its permissions.',
    );
    expect(message('ENOTDIR')).toContain('got a file where a folder should be (ENOTDIR)');
    expect(writeFailure(errno('ENOSPC', 'x'), 'p', 'w')).toBeInstanceOf(st.ConfigError);
    const own = new st.FormatError({ where: 'w', expected: 'e', received: 'r' });
    expect(writeFailure(own, 'p', 'w')).toBe(own);
  });

  it('a save that fails half-way (a full disk) leaves no stray files and the old model whole', async () => {
    const dir = join(tmp.dir, 'kept');
    st.setSeed(1);
    const make = () => {
      const model = st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [2] })] });
      model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
      return model;
    };
    const metadata: CliMetadata = {
      format: 'strata-cli',
      version: 2,
      target: 'y',
      features: ['a', 'b'],
      task: 'regression',
      loss: 'meanSquaredError',
      metrics: [],
      classes: null,
      scaler: null,
      targetScaler: null,
    };
    const old = make();
    await saveBundle(dir, old, metadata);
    const before = readdirSync(dir).sort();
    // the library writes its weights, then the disk fills up in model.json (the second write)
    const failing = make();
    let writes = 0;
    const realWrite = fs.writeSync.bind(fs);
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: Uint8Array) => {
      if (++writes % 2 === 0) throw errno('ENOSPC', 'no space left on device, write');
      return realWrite(fd, data);
    }) as typeof fs.writeSync);
    await expect(saveBundle(dir, failing, metadata)).rejects.toThrow(
      `${dir}: expected a place to write the model, got a full disk (ENOSPC). Free some space, or pass --out on another disk.`,
    );
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('kept.'))).toEqual([]);
    const { model } = await loadBundle(dir);
    expect(Array.from(model.getWeights()[0].data)).toEqual(Array.from(old.getWeights()[0].data));
    // a fresh folder that fails stays absent
    const fresh = join(tmp.dir, 'fresh');
    await expect(saveBundle(fresh, failing, metadata)).rejects.toThrow('(ENOSPC)');
    expect(existsSync(fresh)).toBe(false);
  });

  it('replacing a model removes the old weights file', async () => {
    const dir = join(tmp.dir, 'again');
    for (let i = 0; i < 2; i++)
      expect((await cli('train', '--data', data, '--target', 'colour', '--epochs', '1', '--out', dir)).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
