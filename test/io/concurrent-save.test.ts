import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

const child = fileURLToPath(new URL('./fixtures/save-rounds.ts', import.meta.url));

function writer(dir: string, id: number, rounds: number): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, String(id), String(rounds)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.on('exit', (code) => resolve({ code, stderr })));
}

describe('two writers and a reader on one folder', () => {
  it('every load sees one complete version, and the folder ends with the last one whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-race-'));
    const rounds = 150;
    const writers = Promise.all([writer(dir, 1, rounds), writer(dir, 2, rounds)]);
    let finished = false;
    void writers.then(() => (finished = true));
    const seen = { loads: 0, versions: new Set<number>(), notYet: 0 };
    while (!finished) {
      await new Promise((r) => setImmediate(r));
      const model = await st.loadModel(dir).catch((e: unknown) => e);
      if (model instanceof st.FormatError && /expected model\.json in/.test(model.message)) {
        seen.notYet++; // before the first save committed
        continue;
      }
      if (!(model instanceof st.Sequential)) throw model;
      // one version: every weight of the model holds the same value, w * 1e6 + k
      const values = new Set(model.getWeights().flatMap((w) => Array.from(w.data)));
      expect(values.size).toBe(1);
      const [value] = values;
      expect([1, 2]).toContain(Math.floor(value / 1e6));
      seen.versions.add(value);
      seen.loads++;
    }
    for (const { code, stderr } of await writers) expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const last = await st.loadModel(dir);
    expect([1e6 + rounds, 2e6 + rounds]).toContain(last.getWeights()[0].data[0]);
    // no temporary files stay, and the weights file model.json names is there
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const named = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest[0].paths[0];
    expect(files).toContain(named);
    // the reader saw the model change many times while both wrote
    expect(seen.loads).toBeGreaterThan(20);
    expect(seen.versions.size).toBeGreaterThan(10);
  }, 120_000);
});
