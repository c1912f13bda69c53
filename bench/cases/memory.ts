// memory: a hyper-parameter-search loop. 300 models of 784→256→128→10 (ReLU, softmax, Adam), each fit for one
// epoch on 256 rows (batch 32) and used for one predict, never disposed (--dispose 1: each disposed after use; --resident 0: no placement);
// reports the process's peak RSS (one run per process: peak RSS only grows), the time, and the WebAssembly memory.
import { wasmRuntime } from '../../src/kernels/wasm/index.js';
import { type Args, log, now, parseArgs, report, useStrataKernels } from '../common.js';

const [ROWS, FEATURES, CLASSES] = [256, 784, 10];
const args: Args = parseArgs(1);
const models = Number(args.options.models ?? 300);
const dispose = args.options.dispose === '1';
const st = useStrataKernels(args.runtime);
// --resident 0: the WebAssembly kernels without placement (arrays copied per kernel call), for the design comparison
if (args.options.resident === '0') st.useKernels(st.selectKernels({ prefer: 'wasm', resident: false }));

const rng = new st.Rng(42);
const x = st.tensor(
  Float32Array.from({ length: ROWS * FEATURES }, () => rng.uniform(0, 1)),
  [ROWS, FEATURES],
);
const y = st.tensor(
  Float32Array.from({ length: ROWS }, () => Math.floor(rng.uniform(0, CLASSES))),
  [ROWS, 1],
);

const t0 = now();
for (let i = 0; i < models; i++) {
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 256, activation: 'relu', inputShape: [FEATURES] }),
      st.layers.dense({ units: 128, activation: 'relu' }),
      st.layers.dense({ units: CLASSES, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
  model.predict(x);
  if (dispose) model.dispose();
  if (i % 50 === 49) log(`memory [${args.runtime}${dispose ? ', dispose' : ''}] ${i + 1} models`);
}
const seconds = (now() - t0) / 1000;
const peak = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
report(args, 'memory', 'MB', [peak], {
  models,
  dispose,
  seconds: +seconds.toFixed(2),
  wasm_memory_bytes: wasmRuntime().memory.buffer.byteLength,
});
