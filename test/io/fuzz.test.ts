import { execFileSync } from 'node:child_process';
import fs, { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as st from 'strata-nn';
import { modelFromJson } from '../../src/model/load-model.js';

/** The text of a saved model.json and its weights, from an in-memory save. */
function sample(): { text: string; weights: Uint8Array } {
  st.setSeed(1);
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }),
      st.layers.batchNormalization(),
      st.layers.dropout({ rate: 0.1 }),
      st.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const { weightSpecs, weightData, ...rest } = model.toArtifacts({ includeOptimizer: true });
  const text = JSON.stringify({ ...rest, weightsManifest: [{ paths: ['w.bin'], weights: weightSpecs }] });
  return { text, weights: new Uint8Array(weightData) };
}

const JSON_PIECES = [
  'null',
  '-1',
  '1e309',
  '"x"',
  '[]',
  '{}',
  '"Dense"',
  '0',
  'true',
  '"float64"',
  '"../w.bin"',
  '[null,3]',
  'NaN',
  '1e8',
  '4294967296',
  '[1048576,1048576]',
  '"__proto__"',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
];

describe('the loader under mutated and truncated files', () => {
  it('only ever returns a model or throws a typed strata error (4,000 cases)', () => {
    const { text, weights } = sample();
    const rng = new st.Rng(2026);
    const outcomes = { loaded: 0, rejected: 0 };
    for (let i = 0; i < 4000; i++) {
      let json = text;
      let bytes = weights;
      const kind = i % 5;
      if (kind === 0) json = json.slice(0, rng.int(json.length));
      else if (kind === 1) {
        const at = rng.int(json.length);
        json = json.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + json.slice(at + 1);
      } else if (kind === 2) {
        // swap one JSON value for another kind of value
        const values = [...json.matchAll(/(?<=[:[,])(?:-?\d[\d.e+-]*|"[^"]*"|true|false|null)/g)];
        const m = values[rng.int(values.length)];
        json = json.slice(0, m.index) + JSON_PIECES[rng.int(JSON_PIECES.length)] + json.slice(m.index! + m[0].length);
      } else if (kind === 3) bytes = weights.slice(0, rng.int(weights.length + 1));
      else {
        bytes = weights.slice();
        for (let k = 0; k < 4; k++) bytes[rng.int(bytes.length)] = rng.int(256);
      }
      try {
        const model = modelFromJson(json, (p) => (p === 'w.bin' ? bytes : undefined), 'loadModel()');
        expect(model).toBeInstanceOf(st.Sequential);
        outcomes.loaded++;
      } catch (e) {
        if (!(e instanceof st.StrataError))
          throw new Error(`case ${i} (kind ${kind}) threw ${String(e)}\n${json.slice(0, 300)}`, { cause: e });
        outcomes.rejected++;
      }
    }
    // both outcomes occur, so the cases are neither all fatal nor all harmless
    expect(outcomes.loaded).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(1000);
  });
});

describe('the file loader under hostile folders (10,000 cases)', () => {
  const root = mkdtempSync(join(tmpdir(), 'strata-fuzz-'));
  const outside = join(root, 'outside');
  fs.mkdirSync(outside);
  writeFileSync(join(outside, 'secret.bin'), 'root:SECRET:0:0');
  const fifo = join(root, 'fifo');
  execFileSync('mkfifo', [fifo]);
  afterAll(() => vi.restoreAllMocks());

  it('gives only models or FormatErrors, opens nothing outside the folder, and stays within bounded memory', async () => {
    const { text, weights } = sample();
    const rng = new st.Rng(7);
    // every file the loader opens, by real path, through a wrapper around fs.openSync
    const opened: string[] = [];
    let loading = false;
    const realOpen = fs.openSync.bind(fs);
    vi.spyOn(fs, 'openSync').mockImplementation(((path: string, ...rest: unknown[]) => {
      if (loading) opened.push(fs.realpathSync(path));
      return (realOpen as (...a: unknown[]) => number)(path, ...rest);
    }) as typeof fs.openSync);
    const outcomes = { loaded: 0, rejected: 0 };
    let peak = 0;
    const base = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 10_000; i++) {
      const dir = join(root, `m${i % 50}`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
      let json = text;
      let bytes: Uint8Array | 'symlink-out' | 'fifo' | 'devzero' | 'huge' = weights;
      const kind = i % 10;
      if (kind === 0) json = json.slice(0, rng.int(json.length));
      else if (kind === 1) {
        const at = rng.int(json.length);
        json = json.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + json.slice(at + 1);
      } else if (kind === 2 || kind === 3) {
        const values = [...json.matchAll(/(?<=[:[,])(?:-?\d[\d.e+-]*|"[^"]*"|true|false|null)/g)];
        const m = values[rng.int(values.length)];
        json = json.slice(0, m.index) + JSON_PIECES[rng.int(JSON_PIECES.length)] + json.slice(m.index! + m[0].length);
      } else if (kind === 4) bytes = weights.slice(0, rng.int(weights.length + 1));
      else if (kind === 5) {
        bytes = weights.slice();
        for (let k = 0; k < 4; k++) bytes[rng.int(bytes.length)] = rng.int(256);
      } else if (kind === 6) bytes = (['symlink-out', 'fifo', 'devzero', 'huge'] as const)[rng.int(4)];
      else if (kind === 7) json = '['.repeat(1000 + rng.int(100_000)) + json;
      else if (kind === 8)
        json = json.replace('"w.bin"', ['"../outside/secret.bin"', '"w.bin","w.bin"', '"/dev/zero"'][rng.int(3)]);
      else if (rng.int(2) === 0) symlinkSync(fifo, join(dir, 'model.json'));
      else symlinkSync(join(outside, 'secret.bin'), join(dir, 'model.json'));
      if (!fs.existsSync(join(dir, 'model.json'))) writeFileSync(join(dir, 'model.json'), json);
      const w = join(dir, 'w.bin');
      if (bytes === 'symlink-out') symlinkSync(join(outside, 'secret.bin'), w);
      else if (bytes === 'fifo') symlinkSync(fifo, w);
      else if (bytes === 'devzero') symlinkSync('/dev/zero', w);
      else if (bytes === 'huge') {
        writeFileSync(w, '');
        fs.truncateSync(w, 2 ** 33);
      } else writeFileSync(w, bytes);
      opened.length = 0;
      loading = true;
      try {
        expect(await st.loadModel(dir)).toBeInstanceOf(st.Sequential);
        outcomes.loaded++;
      } catch (e) {
        if (!(e instanceof st.FormatError))
          throw new Error(`case ${i} (kind ${kind}) threw ${String(e)}\n${json.slice(0, 300)}`, { cause: e });
        expect((e as Error).message).not.toMatch(/SECRET/);
        outcomes.rejected++;
      } finally {
        loading = false;
      }
      const realDir = fs.realpathSync(dir);
      for (const path of opened) expect(path.startsWith(realDir + '/'), `case ${i} opened ${path}`).toBe(true);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    }
    expect(outcomes.loaded).toBeGreaterThan(500);
    expect(outcomes.rejected).toBeGreaterThan(5000);
    // the weights are 200 bytes: nothing the files say may make the loader hold more than a few MB at once
    expect(peak).toBeLessThan(64 * 2 ** 20);
  }, 300_000);
});
