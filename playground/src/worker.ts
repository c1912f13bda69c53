// The training worker: builds the network a state describes, trains it epoch by epoch with the WebAssembly kernels,
// and sends the page what it draws. Everything model-related happens here, so the page's thread stays free.
import * as st from 'strata-nn';
import { featurize } from './features.js';
import { buildNetwork, type BuiltNetwork } from './network.js';
import type { PointSet } from './point-set.js';
import type { EpochRecord, FromWorker, Snapshot, ToWorker } from './protocol.js';
import { SPEEDS, type PlaygroundState } from './state.js';

const GRID = 50;
/** Neuron maps are drawn small: every other grid cell is enough, and a quarter of the page's painting. */
const NEURON_GRID = GRID / 2;
const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

let backend = 'js';
try {
  st.useKernels(st.selectKernels({ prefer: 'wasm' }));
  backend = st.getBackend().name;
} catch (e) {
  backend = `js (WebAssembly unavailable: ${(e as Error).message})`;
}

interface Session {
  net: BuiltNetwork;
  state: PlaygroundState;
  data: PointSet;
  xTrain: st.Tensor;
  yTrain: st.Tensor;
  xTest: st.Tensor;
  yTest: st.Tensor;
  grid: st.Tensor | null;
  epoch: number;
  pending: EpochRecord[];
  /** When the last epochs ended and how many rows each trained: samples/s over the last second of wall time. */
  recent: { rows: number; at: number }[];
  rate: number;
}

let session: Session | null = null;
/** Where snapshots go (the render worker) and where their acknowledgements come from. */
let snapshots: MessagePort | null = null;
let generation = 0;
let running = false;
let steps = 0;
let acked = true;
let dirty = false;
let busy = false;
/** fit() may yield between batches; messages that touch the model wait for the epoch to end. */
let inFit = false;
const deferred: ToWorker[] = [];

function rowsOf(data: PointSet, x: Float32Array, test: boolean, inputs: number) {
  const picked = [...data.isTest.keys()].filter((i) => (data.isTest[i] === 1) === test);
  const xs = new Float32Array(picked.length * inputs);
  const ys = new Float32Array(picked.length);
  picked.forEach((from, r) => {
    xs.set(x.subarray(from * inputs, (from + 1) * inputs), r * inputs);
    ys[r] = data.y[from];
  });
  return { x: st.tensor(xs, [picked.length, inputs]), y: st.tensor(ys, [picked.length, 1]) };
}

function gridInputs(data: PointSet, state: PlaygroundState): st.Tensor | null {
  if (data.cols !== 2) return null;
  const [x0, x1, y0, y1] = data.domain;
  const raw = new Float32Array(GRID * GRID * 2);
  for (let r = 0; r < GRID; r++)
    for (let c = 0; c < GRID; c++) {
      raw[2 * (r * GRID + c)] = x0 + ((c + 0.5) / GRID) * (x1 - x0);
      raw[2 * (r * GRID + c) + 1] = y1 - ((r + 0.5) / GRID) * (y1 - y0);
    }
  const f = featurize(raw, 2, state.features);
  return st.tensor(f, [GRID * GRID, f.length / (GRID * GRID)]);
}

function load(state: PlaygroundState, data: PointSet): void {
  session?.net.model.dispose();
  generation++;
  // the seed fixes the initial weights, the shuffles and the dropout masks: same link, same run
  st.setSeed(state.seed);
  const x = featurize(data.x, data.cols, state.features);
  const inputs = x.length / data.y.length;
  const train = rowsOf(data, x, false, inputs);
  const test = rowsOf(data, x, true, inputs);
  session = {
    net: buildNetwork(state, inputs, data.classes),
    state,
    data,
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    grid: gridInputs(data, state),
    epoch: 0,
    pending: [],
    recent: [],
    rate: 0,
  };
  running = false;
  steps = 0;
  dirty = true;
  acked = true;
  post();
}

/** New points for the same network (the user clicked or erased some): training goes on from where it is. */
function setData(data: PointSet): void {
  const s = session;
  if (!s) return;
  const x = featurize(data.x, data.cols, s.state.features);
  const inputs = s.xTrain.shape[1];
  const train = rowsOf(data, x, false, inputs);
  const test = rowsOf(data, x, true, inputs);
  Object.assign(s, { data, xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y });
  dirty = true;
  post();
}

async function trainEpoch(s: Session): Promise<void> {
  const rows = s.xTrain.shape[0];
  inFit = true;
  await s.net.model
    .fit(s.xTrain, s.yTrain, {
      epochs: 1,
      batchSize: Math.min(s.state.batchSize, rows),
      shuffle: true,
      verbose: 0,
    })
    .finally(() => (inFit = false));
  const now = performance.now();
  s.recent.push({ rows, at: now });
  while (s.recent.length > 2 && now - s.recent[0].at > 1000) s.recent.shift();
  s.epoch++;
  const train = s.net.model.evaluate(s.xTrain, s.yTrain);
  const test = s.xTest.shape[0] > 0 ? s.net.model.evaluate(s.xTest, s.yTest) : { loss: NaN, accuracy: NaN };
  s.pending.push({
    trainLoss: train.loss,
    testLoss: test.loss,
    trainAccuracy: train.accuracy ?? NaN,
    testAccuracy: test.accuracy ?? NaN,
  });
  dirty = true;
}

function snapshot(s: Session): Snapshot {
  const model = s.net.model;
  const outputs = s.grid ? st.layerOutputs(model, s.grid) : null;
  const last = model.layers.length - 1;
  const output = outputs ? Float32Array.from(outputs[last].output.data) : new Float32Array(0);
  const neurons = outputs ? s.net.neuronLayers.map((i) => Float32Array.from(outputs[i].output.data)) : [];
  // layerOutputs gives cell-major rows; the page wants each neuron's map on its own, on the coarser grid
  const cells = NEURON_GRID * NEURON_GRID;
  const neuronMajor = neurons.map((values) => {
    const units = values.length / (GRID * GRID);
    const out = new Float32Array(units * cells);
    for (let r = 0; r < NEURON_GRID; r++)
      for (let c = 0; c < NEURON_GRID; c++) {
        const from = (2 * r * GRID + 2 * c) * units;
        for (let u = 0; u < units; u++) out[u * cells + r * NEURON_GRID + c] = values[from + u];
      }
    return out;
  });
  const kernels = s.net.denseLayers.map((i) => {
    const kernel = model.layers[i].params()[0].value;
    return { inputs: kernel.shape[0], units: kernel.shape[1], values: Float32Array.from(kernel.data) };
  });
  const testOut = s.xTest.shape[0] > 0 ? model.predict(s.xTest) : null;
  const testPredictions = new Float32Array(s.xTest.shape[0]);
  if (testOut) {
    const width = testOut.shape[1];
    for (let r = 0; r < testPredictions.length; r++) {
      const row = testOut.data.subarray(r * width, (r + 1) * width);
      testPredictions[r] =
        s.data.classes === 1 ? row[0] : s.data.classes === 2 ? Number(row[0] > 0.5) : row.indexOf(Math.max(...row));
    }
  }
  // the first entry only marks the start of the window: its rows were trained before it
  const seconds = s.recent.length > 1 ? (s.recent[s.recent.length - 1].at - s.recent[0].at) / 1000 : 0;
  const rows = s.recent.slice(1).reduce((a, b) => a + b.rows, 0);
  // while paused the page keeps showing the pace training went at
  if (running && seconds > 0) s.rate = rows / seconds;
  const records = s.pending;
  s.pending = [];
  return {
    type: 'snapshot',
    generation,
    epoch: s.epoch,
    running,
    samplesPerSecond: s.rate,
    records,
    gridSize: outputs ? GRID : 0,
    neuronGridSize: outputs ? NEURON_GRID : 0,
    output,
    outputWidth: outputs ? output.length / (GRID * GRID) : 0,
    neurons: neuronMajor,
    kernels,
    testPredictions,
    backend,
  };
}

function post(): void {
  if (!session || !acked || !dirty || inFit) return;
  const snap = snapshot(session);
  acked = false;
  dirty = false;
  (snapshots ?? scope).postMessage(snap, [
    snap.output.buffer,
    ...snap.neurons.map((n) => n.buffer),
    ...snap.kernels.map((k) => k.values.buffer),
    snap.testPredictions.buffer,
  ]);
}

/** Lets queued messages (pause, ack, a new network) in between epochs without the 4 ms clamp of setTimeout. */
const channel = new MessageChannel();
let wake: (() => void) | null = null;
channel.port1.onmessage = () => wake?.();
const yieldToMessages = () => new Promise<void>((resolve) => ((wake = resolve), channel.port2.postMessage(0)));

async function loop(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    while (session && (running || steps > 0)) {
      const s = session;
      const started = performance.now();
      await trainEpoch(s);
      if (steps > 0) steps--;
      for (const m of deferred.splice(0)) handle(m);
      if (session !== s) continue;
      post();
      const wait = 1000 / SPEEDS[s.state.speed] - (performance.now() - started);
      if (running && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else await yieldToMessages();
    }
  } catch (e) {
    running = false;
    scope.postMessage({ type: 'error', message: (e as Error).message });
  } finally {
    busy = false;
  }
  dirty = true;
  post();
}

function exportModel(): void {
  if (!session) return;
  const model = session.net.model;
  const artifacts = model.toArtifacts();
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  });
  const onnx = st.exportOnnx(model);
  scope.postMessage({ type: 'exported', modelJson, weights: artifacts.weightData, onnx });
}

scope.onmessage = (e) => {
  if (inFit && e.data.type !== 'ack' && e.data.type !== 'pause') deferred.push(e.data);
  else handle(e.data);
};

function handle(m: ToWorker): void {
  try {
    if (m.type === 'port') {
      snapshots = m.port;
      snapshots.onmessage = () => handle({ type: 'ack' });
    } else if (m.type === 'load') load(m.state, m.data);
    else if (m.type === 'data') setData(m.data);
    else if (m.type === 'speed' && session) session.state = { ...session.state, speed: m.speed };
    else if (m.type === 'play') {
      running = true;
      if (session) session.recent = [];
      void loop();
    } else if (m.type === 'pause') {
      running = false;
      dirty = true;
      post();
    } else if (m.type === 'step') {
      steps += 1;
      void loop();
    } else if (m.type === 'ack') {
      acked = true;
      post();
    } else if (m.type === 'export') exportModel();
    else if (m.type === 'predict' && session) {
      const inputs = session.xTrain.shape[1];
      const x = featurize(m.x, session.data.cols, session.state.features);
      const y = session.net.model.predict(st.tensor(x, [x.length / inputs, inputs]));
      scope.postMessage({ type: 'predicted', id: m.id, y: Float32Array.from(y.data) });
    }
  } catch (err) {
    scope.postMessage({ type: 'error', message: (err as Error).message });
  }
}
