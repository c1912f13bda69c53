// The render worker: draws the decision map, the network and the curves into the page's canvases (handed over as
// OffscreenCanvas), on animation frames (at most ~30 a second), straight from the training worker's snapshots. Measured in headless
// Chromium on a loaded 2-core machine: painting these canvases from the page's thread made 100–230 ms long tasks
// (hiding them removed most), so the page's thread only handles input and a few text updates.
import { drawCurves } from './draw-curves.js';
import { drawPoints, paintGrid, type MapLayer } from './draw-map.js';
import { drawNetwork, type NetworkView, type NodeBox } from './draw-network.js';
import { featurize } from './features.js';
import type { PointSet } from './point-set.js';
import type { EpochRecord, Snapshot } from './protocol.js';
import { FEATURE_LABELS, type PlaygroundState } from './state.js';

/** What the page shows: the state, the data, the neuron chosen for the big map. */
export interface View {
  generation: number;
  state: PlaygroundState;
  data: PointSet;
  selected: string | null;
}

export type ToRender =
  | {
      type: 'init';
      map: OffscreenCanvas;
      network: OffscreenCanvas;
      loss: OffscreenCanvas;
      accuracy: OffscreenCanvas;
      /** The training worker's snapshots arrive on this port, and are acknowledged on it. */
      port: MessagePort;
    }
  | ({ type: 'view' } & View);

/** A few times a second (and whenever training stops), what the page's text and tests need. */
export interface Status {
  type: 'status';
  generation: number;
  epoch: number;
  running: boolean;
  samplesPerSecond: number;
  backend: string;
  records: EpochRecord[];
  nodes: NodeBox[][];
  /** Test confusion counts [true][predicted], for tables without a map. */
  confusion: number[][] | null;
  /** Milliseconds spent drawing, per part, summed over `frames` frames. */
  drawTimes: Record<string, number>;
}

const scope = self as unknown as {
  postMessage(message: Status): void;
  onmessage: ((e: MessageEvent<ToRender>) => void) | null;
};

let canvases: Extract<ToRender, { type: 'init' }> | null = null;
let view: View | null = null;
let history: EpochRecord[] = [];
let unsent: EpochRecord[] = [];
let latest: Snapshot | null = null;
let waiting: Snapshot | null = null;
let inputMaps: Float32Array | null = null;
let framePending = false;
/** At most ~30 frames a second: at full training speed, drawing on every animation frame still gave the page's
 * thread occasional long tasks (70–230 ms, 3 of 5 runs of 4 s); with this cap, none in 5 runs. */
const MIN_FRAME_MS = 30;
let lastStatus = 0;
let nodes: NodeBox[][] = [];
const times: Record<string, number> = {};
const tick = (name: string, t0: number) => {
  const now = performance.now();
  times[name] = (times[name] ?? 0) + now - t0;
  return now;
};

const frameLater: (f: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (f) => requestAnimationFrame(f) : (f) => setTimeout(f, 16);

function requestFrame(): void {
  if (framePending || !canvases) return;
  framePending = true;
  frameLater(frame);
}

/** The input features over the neuron maps' grid (every other cell of the training worker's 50 × 50 grid). */
function featureGrid(v: View, n: number): Float32Array | null {
  if (v.data.cols !== 2 || n === 0) return null;
  const [x0, x1, y0, y1] = v.data.domain;
  const raw = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      raw[2 * (r * n + c)] = x0 + ((2 * c + 0.5) / (2 * n)) * (x1 - x0);
      raw[2 * (r * n + c) + 1] = y1 - ((2 * r + 0.5) / (2 * n)) * (y1 - y0);
    }
  const f = featurize(raw, 2, v.state.features);
  const k = v.state.features.length;
  const out = new Float32Array(f.length);
  for (let cell = 0; cell < n * n; cell++) for (let j = 0; j < k; j++) out[j * n * n + cell] = f[cell * k + j];
  return out;
}

function targetScale(data: PointSet): number {
  let m = 1e-6;
  for (const v of data.y) m = Math.max(m, Math.abs(v));
  return m;
}

function mapLayer(v: View, snap: Snapshot): MapLayer | null {
  if (snap.gridSize === 0) return null;
  const n = snap.gridSize;
  if (v.selected) {
    const [c, i] = v.selected.split(':').map(Number);
    const source = c === 0 ? inputMaps : snap.neurons[c - 1];
    const m = snap.neuronGridSize;
    if (source && source.length >= (i + 1) * m * m) {
      const values = source.subarray(i * m * m, (i + 1) * m * m);
      let scale = 1e-6;
      for (const x of values) scale = Math.max(scale, Math.abs(x));
      return { values, width: 1, gridSize: m, kind: 'values', scale };
    }
  }
  if (v.data.classes === 1)
    return { values: snap.output, width: 1, gridSize: n, kind: 'values', scale: targetScale(v.data) };
  return { values: snap.output, width: snap.outputWidth, gridSize: n, kind: 'classes', scale: 1 };
}

/** The output units as maps for their nodes, on the neuron maps' grid: probabilities centred on 0.5. */
function outputMaps(v: View, snap: Snapshot): Float32Array {
  const n = snap.neuronGridSize;
  const k = snap.outputWidth;
  const out = new Float32Array(k * n * n);
  for (let j = 0; j < k; j++)
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        const x = snap.output[(2 * r * snap.gridSize + 2 * c) * k + j];
        out[j * n * n + r * n + c] = v.data.classes === 1 ? x : 2 * x - 1;
      }
  return out;
}

/** The points change only when the data or "show test data" does: drawn once into a layer, then copied. */
let points: { canvas: OffscreenCanvas; data: PointSet; showTest: boolean } | null = null;
function pointsLayer(v: View, w: number, h: number): OffscreenCanvas {
  if (points?.data !== v.data || points.showTest !== v.state.showTest) {
    const canvas = points?.canvas ?? new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, w, h);
    drawPoints(ctx, v.data, v.state.showTest, targetScale(v.data));
    points = { canvas, data: v.data, showTest: v.state.showTest };
  }
  return points.canvas;
}

function confusion(v: View, snap: Snapshot): number[][] | null {
  if (v.data.cols === 2 || v.data.classes === 1) return null;
  const k = v.data.classes;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let t = 0;
  for (let r = 0; r < v.data.y.length; r++)
    if (v.data.isTest[r] && t < snap.testPredictions.length) counts[v.data.y[r]][snap.testPredictions[t++]]++;
  return counts;
}

function draw(v: View, c: NonNullable<typeof canvases>): void {
  let t0 = performance.now();
  const snap = latest;
  const { data, state } = v;
  if (data.cols === 2) {
    const ctx = c.map.getContext('2d')!;
    const layer = snap ? mapLayer(v, snap) : null;
    if (layer) paintGrid(ctx, layer, state.discretize, data.classes);
    else ctx.clearRect(0, 0, c.map.width, c.map.height);
    t0 = tick('map', t0);
    ctx.drawImage(pointsLayer(v, c.map.width, c.map.height), 0, 0);
    t0 = tick('points', t0);
  }
  if (snap && !inputMaps) inputMaps = featureGrid(v, snap.neuronGridSize);
  const network: NetworkView = {
    inputNames:
      data.cols === 2 ? state.features.map((f) => FEATURE_LABELS[f]) : data.columnNames.map((n) => n.slice(0, 8)),
    hidden: state.layers.map((l) => l.units),
    outputs: data.classes === 2 ? 1 : data.classes,
    kernels: snap?.kernels ?? [],
    maps: snap && inputMaps && snap.gridSize > 0 ? [inputMaps, ...snap.neurons, outputMaps(v, snap)] : null,
    gridSize: snap?.neuronGridSize ?? 0,
  };
  nodes = drawNetwork(c.network.getContext('2d')!, network, v.selected);
  t0 = tick('network', t0);
  const series = (key: keyof EpochRecord) => history.map((h) => h[key]);
  drawCurves(
    c.loss.getContext('2d')!,
    [
      { values: series('trainLoss'), color: '#075c94', dashed: false },
      { values: series('testLoss'), color: '#c25400', dashed: true },
    ],
    null,
    'loss (train —, test - -)',
  );
  if (data.classes > 1)
    drawCurves(
      c.accuracy.getContext('2d')!,
      [
        { values: series('trainAccuracy'), color: '#075c94', dashed: false },
        { values: series('testAccuracy'), color: '#c25400', dashed: true },
      ],
      [0, 1],
      'accuracy (train —, test - -)',
    );
  tick('curves', t0);
  times.frames = (times.frames ?? 0) + 1;
}

let lastFrame = 0;
function frame(): void {
  framePending = false;
  if (!canvases || !view) return;
  if (performance.now() - lastFrame < MIN_FRAME_MS) return requestFrame();
  lastFrame = performance.now();
  const snap = waiting;
  if (snap && snap.generation <= view.generation) {
    waiting = null;
    canvases.port.postMessage({ type: 'ack' });
    // a snapshot of a network replaced since is dropped; one of a network the page has not described yet waits
    if (snap.generation === view.generation) {
      history.push(...snap.records);
      unsent.push(...snap.records);
      latest = snap;
    }
  }
  draw(view, canvases);
  const now = performance.now();
  if (latest && (now - lastStatus > 150 || !latest.running || unsent.length === history.length)) {
    lastStatus = now;
    scope.postMessage({
      type: 'status',
      generation: view.generation,
      epoch: latest.epoch,
      running: latest.running,
      samplesPerSecond: latest.samplesPerSecond,
      backend: latest.backend,
      records: unsent,
      nodes,
      confusion: confusion(view, latest),
      drawTimes: { ...times },
    });
    unsent = [];
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'init') {
    canvases = m;
    m.port.onmessage = (p: MessageEvent<Snapshot>) => {
      waiting = p.data;
      requestFrame();
    };
  } else {
    const { type: _, ...next } = m;
    if (!view || next.generation !== view.generation) {
      history = [];
      unsent = [];
      latest = null;
    }
    if (!view || next.data !== view.data || next.generation !== view.generation) inputMaps = null;
    view = next;
  }
  requestFrame();
};
