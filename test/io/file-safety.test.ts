import { execFileSync } from 'node:child_process';
import fs, { mkdtempSync, readFileSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as st from 'strata-nn';

interface SavedJson {
  weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string }[] }[];
  modelTopology: { config: { layers: { config: Record<string, unknown> }[] } };
  trainingConfig?: unknown;
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'strata-safe-'));
const SECRET = 'root:SECRET-HASH:19000:0:99999:7:::';

function small(units = 3) {
  st.setSeed(1);
  return st.sequential({ layers: [st.layers.dense({ units, activation: 'relu', inputShape: [2] })] });
}
async function savedDir(): Promise<{ dir: string; json: SavedJson; weightsFile: string }> {
  const dir = tempDir();
  await small().save(dir);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  return { dir, json, weightsFile: json.weightsManifest[0].paths[0] };
}
const failure = (dir: string) =>
  st.loadModel(dir).then(
    () => undefined,
    (e: unknown) => e as Error,
  );

describe('the loader reads only regular files inside the model folder', () => {
  it('refuses a weights file that is a symlink to a file outside the folder', async () => {
    const { dir, weightsFile } = await savedDir();
    const outside = join(tempDir(), 'elsewhere.bin');
    fs.renameSync(join(dir, weightsFile), outside);
    symlinkSync(outside, join(dir, weightsFile));
    const e = await failure(dir);
    expect(e).toBeInstanceOf(st.FormatError);
    expect(e!.message).toMatch(/a link to a file outside the folder/);
  });

  it('refuses a model.json linked to a secret file and never echoes its content', async () => {
    const dir = tempDir();
    const secret = join(tempDir(), 'shadow');
    writeFileSync(secret, SECRET);
    symlinkSync(secret, join(dir, 'model.json'));
    const e = await failure(dir);
    expect(e).toBeInstanceOf(st.FormatError);
    expect(e!.message).not.toMatch(/SECRET|root/);
    // and a model.json inside the folder that is not JSON is not quoted either
    fs.rmSync(join(dir, 'model.json'));
    writeFileSync(join(dir, 'model.json'), SECRET);
    const e2 = await failure(dir);
    expect(e2).toBeInstanceOf(st.FormatError);
    expect(e2!.message).not.toMatch(/SECRET|root/);
  });

  it('a FIFO or a link to /dev/zero as model.json or weights fails at once instead of blocking', async () => {
    const { dir, weightsFile } = await savedDir();
    fs.rmSync(join(dir, weightsFile));
    execFileSync('mkfifo', [join(dir, weightsFile)]);
    expect((await failure(dir))!.message).toMatch(/not a regular file/);
    const dir2 = tempDir();
    execFileSync('mkfifo', [join(dir2, 'model.json')]);
    expect((await failure(dir2))!.message).toMatch(/not a regular file/);
    const dir3 = tempDir();
    symlinkSync('/dev/zero', join(dir3, 'model.json'));
    expect(await failure(dir3)).toBeInstanceOf(st.FormatError);
  });

  it('a symlink that stays inside the folder loads', async () => {
    const { dir, json, weightsFile } = await savedDir();
    symlinkSync(weightsFile, join(dir, 'alias.bin'));
    json.weightsManifest[0].paths = ['alias.bin'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    expect(await st.loadModel(dir)).toBeInstanceOf(st.Sequential);
  });

  it('a 10 GB weights file is refused by its size, without reading it', async () => {
    const { dir, weightsFile } = await savedDir();
    truncateSync(join(dir, weightsFile), 10 * 2 ** 30);
    const e = await failure(dir);
    expect(e).toBeInstanceOf(st.FormatError);
    expect(e!.message).toMatch(/expected 36 bytes of weights \(as the manifest lists\), got 10737418240 bytes/);
  });
});

describe('saving removes only what the previous save wrote', () => {
  it("keeps the user's weights-final.bin, draft.tmp and other files", async () => {
    const dir = tempDir();
    for (const f of ['weights-final.bin', 'draft.tmp', 'weights-abc.bin', 'notes.txt']) writeFileSync(join(dir, f), f);
    await small().save(dir);
    await small().save(dir);
    await small().save(dir);
    const files = readdirSync(dir).sort();
    const named = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest[0].paths[0];
    expect(files).toEqual(
      ['draft.tmp', 'model.json', 'notes.txt', 'weights-abc.bin', 'weights-final.bin', named].sort(),
    );
    expect(readFileSync(join(dir, 'weights-final.bin'), 'utf8')).toBe('weights-final.bin');
  });
});

describe('a failed save is a WriteError with the fix and leaves nothing behind', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a file where the folder should be (ENOTDIR)', async () => {
    const file = join(tempDir(), 'plain-file');
    writeFileSync(file, 'x');
    const e = await small()
      .save(join(file, 'model'))
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(st.WriteError);
    expect((e as Error).message).toMatch(/got ENOTDIR\. A file stands where a folder should be/);
  });

  it('a full disk in the middle of the weights or of model.json keeps the old model whole', async () => {
    const { dir } = await savedDir();
    const before = readdirSync(dir).sort();
    for (const failAt of [1, 2]) {
      let calls = 0;
      const real = fs.writeSync.bind(fs);
      vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: Uint8Array) => {
        if (++calls === failAt) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return real(fd, data);
      }) as typeof fs.writeSync);
      const e = await small(5)
        .save(dir)
        .catch((err: unknown) => err);
      vi.restoreAllMocks();
      expect(e).toBeInstanceOf(st.WriteError);
      expect((e as Error).message).toMatch(/got ENOSPC\. The disk is full/);
      expect(readdirSync(dir).sort()).toEqual(before);
      expect((await st.loadModel(dir)).layers[0].config()).toMatchObject({ units: 3 });
    }
  });

  it('modelCheckpoint passes the WriteError on', async () => {
    const file = join(tempDir(), 'plain-file');
    writeFileSync(file, 'x');
    const model = small();
    model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
    const e = await model
      .fit([[1, 2]], [[0, 0, 0]], {
        epochs: 1,
        verbose: 0,
        callbacks: [st.callbacks.modelCheckpoint({ path: join(file, 'ckpt') })],
      })
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(st.WriteError);
  });
});

describe('resource bombs and settings out of range are FormatErrors, before anything large is allocated', () => {
  async function edited(edit: (json: SavedJson, dir: string, weightsFile: string) => void) {
    const { dir, json, weightsFile } = await savedDir();
    edit(json, dir, weightsFile);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return dir;
  }
  const layer0 = (j: SavedJson) => j.modelTopology.config.layers[0].config;

  it.each([
    ['units: 1e8', (j: SavedJson) => (layer0(j).units = 1e8), /dense_1\/kernel of shape \[2, 100000000\]/],
    ['units: 1e9', (j: SavedJson) => (layer0(j).units = 1e9), /kernel of shape \[2, 1000000000\]/],
    ['units: 2^32', (j: SavedJson) => (layer0(j).units = 2 ** 32), /kernel of shape \[2, 4294967296\]/],
    [
      'a manifest shape of 2^40',
      (j: SavedJson) => (j.weightsManifest[0].weights[0].shape = [2 ** 20, 2 ** 20]),
      /at most 2147483648 bytes/,
    ],
    [
      'one path listed 1,500 times',
      (j: SavedJson) => (j.weightsManifest = Array.from({ length: 1500 }, () => j.weightsManifest[0])),
      /each weights file listed once/,
    ],
    [
      'a schedule className __proto__',
      (j: SavedJson) =>
        (j.trainingConfig = {
          loss: 'meanSquaredError',
          metrics: [],
          optimizer_config: { class_name: 'sgd', config: { learningRate: { className: '__proto__', config: {} } } },
        }),
      /learning-rate schedule/,
    ],
  ])('%s', async (_name, edit, pattern) => {
    const start = performance.now();
    const e = await failure(await edited(edit));
    expect(e).toBeInstanceOf(st.FormatError);
    expect(e!.message).toMatch(pattern);
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('100,000-deep JSON', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    expect((await failure(dir))!.message).toMatch(/nested at most 64 levels deep/);
  });

  it('a setting out of range (dropout rate 2) says the file is bad', async () => {
    const dir = tempDir();
    const model = st.sequential({
      layers: [st.layers.dense({ units: 2, inputShape: [2] }), st.layers.dropout({ rate: 0.5 })],
    });
    await model.save(dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    json.modelTopology.config.layers[1].config.rate = 2;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const e = await failure(dir);
    expect(e).toBeInstanceOf(st.FormatError);
    expect(e!.message).toMatch(/rate/);
  });
});
