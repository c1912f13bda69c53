// npm run test:browser: runs strata's browser paths in a real headless Chromium (the WebAssembly kernels, the Web
// Worker pool over shared memory, training) and fails when a check does. Not part of `npm test`: it needs a Chromium
// on the machine (CHROMIUM=/path/to/chrome, or chromium / google-chrome on the PATH), which npm cannot install.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 120_000;

/** The checks, run by a page: `isolated` pages get the headers that enable SharedArrayBuffer (and so threads). */
const pageScript = (isolated: boolean): string => `
import * as st from '/dist/index.js';
import { currentPool } from '/dist/kernels/wasm/pool.js';
import { wasmRuntime } from '/dist/kernels/wasm/index.js';
const checks = [];
const check = (name, ok, detail) => checks.push({ name, ok: Boolean(ok), detail: String(detail) });
const lcg = (seed) => () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
try {
  check('crossOriginIsolated is ${isolated}', crossOriginIsolated === ${isolated}, crossOriginIsolated);
  check('browser', true, navigator.userAgent.match(/Chrome\\/[\\d.]+/)?.[0] ?? navigator.userAgent);
  const heap = () => wasmRuntime().heap;
  const single = st.selectKernels({ prefer: 'wasm' });
  const [m, k, n] = [128, 784, 256];
  const next = lcg(7);
  const filled = (size) => {
    const out = heap().allocateFloat32(size);
    for (let i = 0; i < size; i++) out[i] = next();
    return out;
  };
  const a = filled(m * k);
  const b = filled(k * n);
  const one = heap().allocateFloat32(m * n);
  check('WebAssembly build picked at load time', true, wasmRuntime().build + (wasmRuntime().shared ? ', shared memory' : ', unshared memory'));
  check('a and b are resident in WebAssembly memory', heap().offset(a) > 0 && heap().offset(b) > 0, heap().offset(a));
  let t0 = performance.now();
  for (let r = 0; r < 10; r++) single.matmul(a, b, one, m, k, n, false, false, false);
  const singleMs = (performance.now() - t0) / 10;
  let expected = 0;
  for (let p = 0; p < k; p++) expected += a[5 * k + p] * b[p * n + 9];
  check('single-thread product matches a float64 dot product', Math.abs(one[5 * n + 9] - expected) < 1e-4, one[5 * n + 9] + ' vs ' + expected);
  const threaded = st.selectKernels({ prefer: 'wasm', threads: 2 });
  st.useKernels(threaded);
  const pool = currentPool();
  if (${isolated}) {
    check('a 2-thread pool of Blob URL Web Workers started', pool !== null && pool.threads === 2, pool?.threads);
    await pool.ready();
    check('its workers answered', pool.error === null, pool.error);
    const two = heap().allocateFloat32(m * n);
    threaded.matmul(a, b, two, m, k, n, false, false, false);
    check('the product ran on the pool', pool.jobs === 1, 'jobs ' + pool.jobs + ', chunks ' + pool.chunks);
    check('threaded product is bit-identical to the single-thread one', two.every((v, i) => v === one[i]), '');
    t0 = performance.now();
    for (let r = 0; r < 10; r++) threaded.matmul(a, b, two, m, k, n, false, false, false);
    const twoMs = (performance.now() - t0) / 10;
    check('timing (128×784·784×256, main thread spin-waits for the workers)', true, singleMs.toFixed(2) + ' ms one thread, ' + twoMs.toFixed(2) + ' ms two');
  } else {
    check('without isolation, threads: 2 falls back to one thread', pool === null, pool);
  }
  // a training run whose first layer is large enough for the pool (256×784·784×64 = 12.8M multiply-adds)
  const x = st.tensor(Array.from({ length: 256 }, () => Array.from({ length: 784 }, next)));
  const y = st.tensor(Array.from({ length: 256 }, (_, i) => [i % 2]));
  const model = st.sequential({ layers: [
    st.layers.dense({ units: 64, activation: 'relu', inputShape: [784] }),
    st.layers.dense({ units: 1, activation: 'sigmoid' }),
  ] });
  model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
  const jobsBefore = pool?.jobs ?? 0;
  const history = await model.fit(x, y, { epochs: 20, batchSize: 256, verbose: 0 });
  const loss = history.history.loss;
  check('fit() trains: loss falls', loss[19] < loss[0] * 0.5, loss[0].toFixed(4) + ' → ' + loss[19].toFixed(4));
  if (${isolated}) check('fit() used the pool', pool.jobs > jobsBefore, (pool.jobs - jobsBefore) + ' jobs');
  model.dispose();
  st.useKernels(st.selectKernels({ prefer: 'wasm' }));
  // the layer families and the streaming reader, as a page uses them
  const images = st.tensor(Float32Array.from({ length: 32 * 8 * 8 }, next), [32, 8, 8, 1]);
  const labels = Int32Array.from({ length: 32 }, (_, i) => i % 2);
  const cnn = st.sequential({ layers: [
    st.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1] }),
    st.layers.maxPooling2d({ poolSize: 2 }),
    st.layers.flatten(),
    st.layers.dense({ units: 2, activation: 'softmax' }),
  ] });
  cnn.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const cnnLoss = (await cnn.fit(images, labels, { epochs: 15, verbose: 0 })).history.loss;
  check('a conv net trains: loss falls', cnnLoss[14] < cnnLoss[0], cnnLoss[0].toFixed(4) + ' → ' + cnnLoss[14].toFixed(4));
  const sequences = st.tensor(Float32Array.from({ length: 32 * 6 * 2 }, next), [32, 6, 2]);
  const rnn = st.sequential({ layers: [st.layers.lstm({ units: 8, inputShape: [6, 2] }), st.layers.dense({ units: 1 })] });
  rnn.compile({ optimizer: 'adam', loss: 'mse' });
  const rnnLoss = (await rnn.fit(sequences, st.tensor(Float32Array.from({ length: 32 }, next), [32, 1]), { epochs: 15, verbose: 0 })).history.loss;
  check('an LSTM trains: loss falls', rnnLoss[14] < rnnLoss[0], rnnLoss[0].toFixed(4) + ' → ' + rnnLoss[14].toFixed(4));
  const csv = 'a,b,label\\n' + Array.from({ length: 40 }, (_, i) => (i % 5) + ',' + (i % 3) + ',' + (i % 2)).join('\\n');
  const dense = st.sequential({ layers: [st.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
  dense.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  const fromCsv = await dense.fitDataset(st.data.csvDataset(new Blob([csv]), { batchSize: 8 }), { epochs: 2, verbose: 0 });
  check('fitDataset over csvDataset(Blob) trains', fromCsv.history.loss.length === 2, fromCsv.history.loss.map((v) => v.toFixed(4)).join(', '));
} catch (error) {
  check('no exception', false, error?.stack ?? error);
}
await fetch('/result', { method: 'POST', body: JSON.stringify(checks) });
`;

const page = (isolated: boolean): string =>
  `<!doctype html><meta charset="utf-8"><title>strata browser check</title><script type="module">${pageScript(isolated)}</script>`;

function findChromium(): string | null {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'])
    if (spawnSync('which', [name]).status === 0) return name;
  return null;
}

/** Serves one page and dist/, and resolves with the checks the page posts back. */
async function runPage(chromium: string, isolated: boolean): Promise<Check[]> {
  let deliver!: (checks: Check[]) => void;
  const result = new Promise<Check[]>((resolve) => (deliver = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (isolated) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/result') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => (res.end('ok'), deliver(JSON.parse(body) as Check[])));
      return;
    }
    if (url.pathname === '/') {
      res.setHeader('Content-Type', 'text/html');
      res.end(page(isolated));
      return;
    }
    const file = normalize(join(root, url.pathname));
    if (!file.startsWith(join(root, 'dist')) || !file.endsWith('.js')) return void res.writeHead(404).end();
    try {
      res.setHeader('Content-Type', 'text/javascript');
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const profile = mkdtempSync(join(tmpdir(), 'strata-chromium-'));
  const browser = spawn(chromium, [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    `--user-data-dir=${profile}`,
    `http://127.0.0.1:${port}/`,
  ]);
  let stderr = '';
  browser.stderr.on('data', (chunk) => (stderr += chunk));
  const timeout = new Promise<Check[]>((resolve) =>
    setTimeout(
      () => resolve([{ name: 'the page reported back', ok: false, detail: `timeout; ${stderr.slice(-500)}` }]),
      TIMEOUT_MS,
    ).unref(),
  );
  try {
    return await Promise.race([result, timeout]);
  } finally {
    const exited = new Promise((resolve) => (browser.exitCode === null ? browser.once('exit', resolve) : resolve(0)));
    browser.kill();
    await exited;
    server.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

const chromium = findChromium();
if (chromium === null) {
  console.error('browser-check: no Chromium found; install one, or set CHROMIUM=/path/to/chrome');
  process.exit(2);
}
if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
let failed = 0;
for (const isolated of [true, false]) {
  console.log(
    `\n${isolated ? 'cross-origin isolated page (threads possible)' : 'ordinary page (no SharedArrayBuffer)'}`,
  );
  for (const c of await runPage(chromium, isolated)) {
    console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
    if (!c.ok) failed++;
  }
}
console.log(failed === 0 ? '\nall browser checks passed' : `\n${failed} browser check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
