// csv-stream (issue 16): training on a CSV bigger than one wants in memory. Generates (once) a CSV of --rows rows
// (default 10,000,000) × 20 features + a label, ≈ 2 GB, then in a child process per variant:
//   stream: model.fitDataset(st.data.csvDataset(file, { batchSize: 256, shuffleBuffer: 10000 })), one epoch;
//   memory: the first --subset rows (default 200,000) read into tensors and model.fit on them, one epoch.
// Each reports rows/s, peak RSS (process.resourceUsage().maxRSS) and accuracy on 20,000 held-out rows.
// Usage: npx tsx bench/cases/csv-stream.ts [--rows N] [--subset N] [--file path]
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as st from '../../src/index.js';

const FEATURES = 20;
const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) flags.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const rows = Number(flags.get('rows') ?? 10_000_000);
const subset = Number(flags.get('subset') ?? 200_000);
const file = flags.get('file') ?? `/tmp/strata-bench/csv-stream-${rows}.csv`;
const variant = flags.get('variant');

/** The same rule for every row: a label from a nonlinear function of the first features, seeded rows. */
function* generate(count: number, seed: number): Generator<number[]> {
  const rng = new st.Rng(seed);
  for (let r = 0; r < count; r++) {
    const v = Array.from({ length: FEATURES }, () => rng.normal());
    v.push(v[0] + v[1] * v[2] - 0.5 * v[3] + 0.3 * v[4] * v[4] - 0.3 > 0 ? 1 : 0);
    yield v;
  }
}

function writeCsv(path: string, count: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  const header = [...Array.from({ length: FEATURES }, (_, i) => `f${i}`), 'label'].join(',') + '\n';
  writeSync(fd, header);
  let chunk: string[] = [];
  for (const row of generate(count, 1)) {
    chunk.push(row.map((v, i) => (i === FEATURES ? String(v) : v.toFixed(6))).join(','));
    if (chunk.length === 50_000) {
      writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(fd, chunk.join('\n') + '\n');
  closeSync(fd);
  renameSync(tmp, path);
}

function model(): st.Sequential {
  st.setSeed(7);
  const m = st.sequential({
    layers: [
      st.layers.dense({ units: 32, activation: 'relu', inputShape: [FEATURES] }),
      st.layers.dense({ units: 16, activation: 'relu' }),
      st.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

function heldOut(): { x: st.Tensor; y: st.Tensor } {
  const test = [...generate(20_000, 99)];
  return {
    x: st.tensor(test.map((r) => r.slice(0, FEATURES))),
    y: st.tensor(test.map((r) => [r[FEATURES]])),
  };
}

async function runVariant(name: string): Promise<void> {
  const m = model();
  let t0 = performance.now();
  let trained = 0;
  if (name === 'stream') {
    const data = st.data.csvDataset(file, { batchSize: 256, shuffleBuffer: 10_000, seed: 1 });
    await m.fitDataset(data, {
      epochs: 1,
      verbose: 0,
      callbacks: [{ onBatchEnd: () => void (trained += 256) }],
    });
  } else {
    const table = [...generate(subset, 1)];
    const x = st.tensor(table.map((r) => r.slice(0, FEATURES)));
    const y = st.tensor(table.map((r) => [r[FEATURES]]));
    process.stderr.write(`memory: built the tensors in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    // the in-memory figure is fit alone: the rows are already tensors
    t0 = performance.now();
    await m.fit(x, y, { epochs: 1, batchSize: 256, verbose: 0 });
    trained = subset;
  }
  const seconds = (performance.now() - t0) / 1000;
  const { x, y } = heldOut();
  const accuracy = m.evaluate(x, y).accuracy;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      variant: name,
      rows: Math.min(trained, name === 'stream' ? rows : subset),
      seconds: +seconds.toFixed(1),
      rows_per_s: Math.round(Math.min(trained, rows) / seconds),
      peak_rss_mb: Math.round(peakMb),
      accuracy: +accuracy.toFixed(4),
    }),
  );
}

if (variant) await runVariant(variant);
else {
  if (!existsSync(file)) {
    process.stderr.write(`writing ${rows.toLocaleString('en-US')} rows to ${file} …\n`);
    const t0 = performance.now();
    writeCsv(file, rows);
    process.stderr.write(`written in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const me = fileURLToPath(import.meta.url);
  for (const v of ['memory', 'stream']) {
    const out = spawnSync(
      process.execPath,
      ['--import', 'tsx', me, '--rows', String(rows), '--subset', String(subset), '--file', file, '--variant', v],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    process.stdout.write(out.stdout);
  }
}
