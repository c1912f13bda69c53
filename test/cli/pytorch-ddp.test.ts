import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { runPython, torchPython } from '../helpers/torch-python.js';
import { cli, tempDir } from './cli-helpers.js';

const python = torchPython();
const tmp = tempDir();
afterAll(() => {
  // a run that timed out leaves torchrun's workers behind (spawnSync stops torchrun alone): stop every process
  // started on this test's files, so a hang costs this test and not the CPU of everything after it
  spawnSync('pkill', ['-f', tmp.dir]);
  tmp.remove();
});

/** Predictions of load_model(weights) on x.json, as JSON. */
const PREDICT = `
import json, sys
import numpy as np, torch
sys.path.insert(0, sys.argv[1])
from model import DTYPE, load_model
model = load_model(sys.argv[2])
with torch.no_grad():
    y = model(torch.from_numpy(np.array(json.load(open(sys.argv[3])))).to(DTYPE))
print(json.dumps(y.double().flatten().tolist()))
`;

function blobs(seed: number, rows: number): { x: number[][]; y: number[][] } {
  const rng = new st.Rng(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const label = i % 2;
    x.push([rng.normal() + 1.5 * label, rng.normal() - label, rng.normal(), rng.normal() * 0.5 + label]);
    y.push([label]);
  }
  return { x, y };
}

describe.skipIf(!python)('strata export --format pytorch, torchrun with DDP, strata import', () => {
  it(
    'trains on 2 processes over loopback, the loss falls, and strata predicts what PyTorch predicts',
    { timeout: 300_000 },
    async () => {
      st.setSeed(11);
      const model = st.sequential({
        layers: [
          st.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }),
          st.layers.batchNormalization(),
          st.layers.dropout({ rate: 0.1 }),
          st.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
      model.compile({ loss: 'binaryCrossentropy', optimizer: st.optimizers.adam({ learningRate: 0.01 }) });
      const strataDir = join(tmp.dir, 'strata-model');
      await model.save(strataDir, { includeOptimizer: true });

      const ptDir = join(tmp.dir, 'pytorch');
      const exported = await cli('export', '--model', strataDir, '--format', 'pytorch', '--out', ptDir);
      expect(exported.err).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.out).toContain('torchrun --nproc_per_node=N');
      for (const f of ['model.py', 'model.safetensors', 'train_ddp.py']) expect(existsSync(join(ptDir, f))).toBe(true);

      const { x, y } = blobs(5, 320);
      writeFileSync(join(tmp.dir, 'data.json'), JSON.stringify({ x, y }));
      const save = `import json, numpy as np; d = json.load(open("${join(tmp.dir, 'data.json')}")); np.savez("${join(tmp.dir, 'data.npz')}", x=np.array(d["x"], dtype=np.float32), y=np.array(d["y"], dtype=np.float32))`;
      expect(runPython(python!, ['-c', save]).status).toBe(0);

      const trained = join(tmp.dir, 'trained.safetensors');
      const port = String(20_000 + Math.floor(Math.random() * 20_000));
      const run = runPython(
        python!,
        [
          '-m',
          'torch.distributed.run',
          '--nproc_per_node=2',
          '--master_addr',
          '127.0.0.1',
          '--master_port',
          port,
          // Debian's torch 1.13 on Python 3.11 reads the default '0' of these as None and stops (README, Scaling out)
          '--redirects',
          '1',
          '--tee',
          '1',
          join(ptDir, 'train_ddp.py'),
          '--data',
          join(tmp.dir, 'data.npz'),
          '--epochs',
          '4',
          '--batch-size',
          '16',
          '--out',
          trained,
        ],
        { timeout: 240_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      const losses = [...run.stdout.matchAll(/^(?:\[\w+\]:)?epoch \d+\/4 loss (\S+)$/gm)].map((m) => Number(m[1]));
      expect(run.stdout).toContain('training on 2 processes (gloo), 160 rows each per epoch');
      expect(losses).toHaveLength(4);
      expect(losses[3]).toBeLessThan(losses[0] * 0.8);

      const imported = join(tmp.dir, 'imported');
      const back = await cli(
        'import',
        '--format',
        'pytorch',
        '--weights',
        trained,
        '--model',
        strataDir,
        '--out',
        imported,
      );
      expect(back.err).toBe('');
      expect(back.code).toBe(0);
      const strata = await st.loadModel(imported);
      const probe = x.slice(0, 40);
      writeFileSync(join(tmp.dir, 'probe.json'), JSON.stringify(probe));
      const predicted = runPython(python!, ['-c', PREDICT, ptDir, trained, join(tmp.dir, 'probe.json')]);
      expect(predicted.status, predicted.stderr).toBe(0);
      const torchOut = JSON.parse(predicted.stdout) as number[];
      const strataOut = strata.predict(probe).data;
      const worst = Math.max(...torchOut.map((v, i) => Math.abs(v - strataOut[i])));
      expect(worst).toBeLessThanOrEqual(1e-5);
      // the weights did change: the imported model differs from the exported one
      const before = model.predict(probe).data;
      expect(Math.max(...Array.from(before, (v, i) => Math.abs(v - strataOut[i])))).toBeGreaterThan(1e-3);
    },
  );
});

describe('strata import: errors', () => {
  it('names a weights file written for another architecture', async () => {
    const a = st.sequential({ layers: [st.layers.dense({ units: 3, inputShape: [4] })] });
    const b = st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [4] })] });
    await a.save(join(tmp.dir, 'a'));
    writeFileSync(join(tmp.dir, 'b.safetensors'), st.toSafetensors(b, { layout: 'pytorch' }));
    const r = await cli(
      'import',
      '--format',
      'pytorch',
      '--weights',
      join(tmp.dir, 'b.safetensors'),
      '--model',
      join(tmp.dir, 'a'),
      '--out',
      join(tmp.dir, 'a2'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain("loadWeights(): tensor 'dense_1.weight': expected shape [3, 4], got [2, 4].");
    expect(existsSync(join(tmp.dir, 'a2'))).toBe(false);
  });

  it('names a missing weights file', async () => {
    const a = st.sequential({ layers: [st.layers.dense({ units: 3, inputShape: [4] })] });
    await a.save(join(tmp.dir, 'c'));
    const r = await cli(
      'import',
      '--format',
      'pytorch',
      '--weights',
      join(tmp.dir, 'none.safetensors'),
      '--model',
      join(tmp.dir, 'c'),
      '--out',
      join(tmp.dir, 'c2'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('loadSafetensors(): expected a safetensors file, got no file at');
  });
});
