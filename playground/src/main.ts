// The page: controls bound to one state object (mirrored in the URL), a training worker and a drawing worker. The
// page's thread handles input and a few text updates a second; the model lives in one worker, the canvases in the other.
import { generateCode } from './code.js';
import { CLASS_COLORS, css } from './colors.js';
import { parseCsv } from './csv.js';
import { synthesize } from './datasets.js';
import { toData, toPixel } from './draw-map.js';
import { MAX_DRAWN, type NodeBox } from './draw-network.js';
import type { PointSet } from './point-set.js';
import type { EpochRecord, FromWorker, ToWorker } from './protocol.js';
import type { Status, ToRender } from './render.js';
import {
  ACTIVATIONS,
  DATASET_LABELS,
  DATASETS,
  FEATURE_LABELS,
  FEATURES,
  INITIALIZERS,
  OPTIMIZERS,
  SPEEDS,
  type PlaygroundState,
  type Speed,
} from './state.js';
import { queryToState, stateToQuery } from './url-state.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const state: PlaygroundState = queryToState(location.search);
let csv: { data: PointSet; name: string } | null = null;
let data: PointSet = synthesize(state);
let running = false;
let history: EpochRecord[] = [];
let status: Status | null = null;
let generation = 0;
let selected: string | null = null;
let nodes: NodeBox[][] = [];
let clickClass = 0;
let clickTarget = 1;
let exportWanted: 'tfjs' | 'onnx' | null = null;
const predictions = new Map<number, (y: Float32Array) => void>();

// training in one worker, drawing in another (see render.ts); snapshots go from the first to the second directly
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const renderer = new Worker(new URL('./render.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
{
  const channel = new MessageChannel();
  send({ type: 'port', port: channel.port1 }, [channel.port1]);
  const canvas = (id: string) => $<HTMLCanvasElement>(id).transferControlToOffscreen();
  const [map, network, loss, accuracy] = ['map', 'network', 'loss', 'accuracy'].map(canvas);
  renderer.postMessage({ type: 'init', map, network, loss, accuracy, port: channel.port2 } satisfies ToRender, [
    map,
    network,
    loss,
    accuracy,
    channel.port2,
  ]);
}

// ---- state → URL, data, worker

function writeUrl(): void {
  window.history.replaceState(null, '', `${location.pathname}?${stateToQuery(state)}`);
}

/** A new network (and data, when asked): epoch 0, fresh weights from the seed. */
function reload(regenerate: boolean): void {
  if (regenerate) data = csv ? csv.data : synthesize(state);
  history = [];
  status = null;
  selected = null;
  generation++;
  showError(null);
  $('epoch').textContent = 'epoch 0';
  $('metrics').textContent = 'Press Play to train.';
  send({ type: 'load', state, data });
  if (running) send({ type: 'play' });
  renderFocusPicker();
  sendView();
  writeUrl();
  renderClassPicker();
}

function showError(message: string | null): void {
  const box = $('error');
  box.hidden = message === null;
  box.textContent = message ?? '';
}

// ---- workers → page

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'exported') download(m);
  else if (m.type === 'predicted') predictions.get(m.id)?.(m.y);
  else if (m.type === 'error') {
    showError(m.message);
    setRunning(false);
  }
};
worker.onerror = (e) => showError(`training worker: ${e.message}`);
renderer.onerror = (e) => showError(`drawing worker: ${e.message}`);

renderer.onmessage = (e: MessageEvent<Status>) => {
  const m = e.data;
  if (m.generation !== generation) return;
  history.push(...m.records);
  status = m;
  nodes = m.nodes;
  const last = history[history.length - 1];
  $('epoch').textContent = `epoch ${m.epoch}`;
  $('rate').textContent = `${Math.round(m.samplesPerSecond).toLocaleString('en')} samples/s`;
  $('backend').textContent = `kernels: ${m.backend}${crossOriginIsolated ? ', isolated' : ''}`;
  $('metrics').textContent = last
    ? `train loss ${last.trainLoss.toFixed(4)}, test loss ${last.testLoss.toFixed(4)}` +
      (data.classes > 1
        ? `; train accuracy ${(100 * last.trainAccuracy).toFixed(1)}%, test accuracy ${(100 * last.testAccuracy).toFixed(1)}%`
        : '')
    : 'Press Play to train.';
  drawConfusion(m.confusion);
};

/** The neurons the map can show, as a list: the keyboard's way to what clicking the network's drawing does. */
function renderFocusPicker(): void {
  const options = ['<option value="">the output</option>'];
  if (data.cols === 2) {
    state.features.forEach((f, i) => options.push(`<option value="0:${i}">input ${FEATURE_LABELS[f]}</option>`));
    state.layers.forEach((l, j) => {
      for (let i = 0; i < Math.min(l.units, MAX_DRAWN); i++)
        options.push(`<option value="${j + 1}:${i}">layer ${j + 1}, neuron ${i + 1}</option>`);
    });
  }
  $('focus').innerHTML = options.join('');
}

/** Tells the drawing worker what to show; the canvases redraw on its next frame. */
function sendView(): void {
  $<HTMLSelectElement>('focus').value = selected ?? '';
  const hasMap = data.cols === 2;
  $('map-box').hidden = !hasMap;
  $('accuracy').hidden = data.classes === 1;
  $('map-caption').textContent = selected
    ? `Showing ${selected.startsWith('0:') ? 'an input' : 'a neuron'} over the plane (click it again, or pick the output above)`
    : data.classes === 1
      ? 'Output: predicted value (orange negative, blue positive)'
      : 'Output: class probabilities as blended class colours';
  renderer.postMessage({ type: 'view', generation, state, data, selected } satisfies ToRender);
}

function drawConfusion(counts: number[][] | null): void {
  const table = $<HTMLTableElement>('confusion');
  table.hidden = counts === null;
  if (!counts) return;
  const head = `<tr><th>true \\ predicted</th>${data.classNames.map((c) => `<th>${escape(c)}</th>`).join('')}</tr>`;
  const rows = counts.map(
    (row, i) => `<tr><th>${escape(data.classNames[i])}</th>${row.map((v) => `<td>${v}</td>`).join('')}</tr>`,
  );
  table.innerHTML = `<caption>Confusion matrix (test data)</caption>${head}${rows.join('')}`;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

// ---- controls

function fillSelect(id: string, values: readonly (string | number)[], labels?: Record<string, string>): void {
  $<HTMLSelectElement>(id).innerHTML = values
    .map((v) => `<option value="${v}">${labels?.[String(v)] ?? String(v)}</option>`)
    .join('');
}

function syncControls(): void {
  const set = (id: string, v: string | number | boolean) => {
    const el = $<HTMLInputElement>(id);
    if (typeof v === 'boolean') el.checked = v;
    else el.value = String(v);
  };
  set('dataset', state.dataset);
  set('noise', state.noise);
  set('points', state.points);
  set('test', state.testPercent);
  set('seed', state.seed);
  set('initializer', state.initializer);
  set('dropout', state.dropout);
  set('batch-norm', state.batchNorm);
  set('l1', state.l1);
  set('l2', state.l2);
  set('optimizer', state.optimizer);
  set('lr', state.learningRate);
  set('batch', state.batchSize);
  set('speed', state.speed);
  set('show-test', state.showTest);
  set('discretize', state.discretize);
  $('noise-v').textContent = state.noise.toFixed(2);
  $('points-v').textContent = String(state.points);
  $('test-v').textContent = `${state.testPercent}%`;
  $('dropout-v').textContent = state.dropout.toFixed(2);
  for (const f of FEATURES) set(`f-${f}`, state.features.includes(f));
  for (const f of FEATURES) $<HTMLInputElement>(`f-${f}`).disabled = data.cols !== 2;
  renderLayers();
}

function renderLayers(): void {
  const box = $('layers');
  box.innerHTML = '';
  state.layers.forEach((l, i) => {
    const row = document.createElement('div');
    row.className = 'layer-row';
    row.innerHTML =
      `<span aria-hidden="true">${i + 1}</span>` +
      `<input type="number" min="1" max="256" value="${l.units}" data-units="${i}" aria-label="Layer ${i + 1} units">` +
      `<select data-act="${i}" aria-label="Layer ${i + 1} activation">${ACTIVATIONS.map(
        (a) => `<option${a === l.activation ? ' selected' : ''}>${a}</option>`,
      ).join('')}</select>` +
      `<button type="button" data-remove="${i}" aria-label="Remove layer ${i + 1}">×</button>`;
    box.append(row);
  });
  box.querySelectorAll<HTMLInputElement>('[data-units]').forEach((el) =>
    el.addEventListener('change', () => {
      const v = Math.round(Number(el.value));
      if (!(v >= 1 && v <= 256)) {
        showError(`Layer ${Number(el.dataset.units) + 1} units: expected a whole number in 1–256, got '${el.value}'.`);
        el.value = String(state.layers[Number(el.dataset.units)].units);
        return;
      }
      state.layers[Number(el.dataset.units)].units = v;
      reload(false);
    }),
  );
  box.querySelectorAll<HTMLSelectElement>('[data-act]').forEach((el) =>
    el.addEventListener('change', () => {
      state.layers[Number(el.dataset.act)].activation = el.value as PlaygroundState['layers'][number]['activation'];
      reload(false);
    }),
  );
  box.querySelectorAll<HTMLButtonElement>('[data-remove]').forEach((el) =>
    el.addEventListener('click', () => {
      state.layers.splice(Number(el.dataset.remove), 1);
      renderLayers();
      reload(false);
    }),
  );
}

function renderClassPicker(): void {
  const box = $('click-class');
  const legend = '<legend>Click on the map adds</legend>';
  if (data.classes === 1) {
    box.innerHTML = `${legend}<label>target <input id="click-target" type="number" step="0.1" value="${clickTarget}"></label>`;
    $<HTMLInputElement>('click-target').addEventListener('change', (e) => {
      clickTarget = Number((e.target as HTMLInputElement).value) || 0;
    });
    return;
  }
  clickClass = Math.min(clickClass, data.classes - 1);
  box.innerHTML =
    legend +
    data.classNames
      .map(
        (name, k) =>
          `<label><input type="radio" name="click-class" value="${k}"${k === clickClass ? ' checked' : ''}>` +
          `<span class="swatch" style="background:${css(CLASS_COLORS[k])}"></span>${escape(name)}</label>`,
      )
      .join('');
  box
    .querySelectorAll<HTMLInputElement>('input')
    .forEach((el) => el.addEventListener('change', () => (clickClass = Number(el.value))));
}

function onChange(id: string, apply: (el: HTMLInputElement) => void, then: 'data' | 'network' | 'view'): void {
  $<HTMLInputElement>(id).addEventListener('change', (e) => {
    apply(e.target as HTMLInputElement);
    if (then === 'data') {
      csv = null;
      state.added = [];
      state.erased = [];
    }
    syncControls();
    if (then === 'view') {
      writeUrl();
      sendView();
    } else reload(then === 'data');
  });
}

function setRunning(on: boolean): void {
  running = on;
  const play = $('play');
  play.textContent = on ? 'Pause' : 'Play';
  play.setAttribute('aria-pressed', String(on));
  send({ type: on ? 'play' : 'pause' });
}

function setup(): void {
  fillSelect('dataset', DATASETS, DATASET_LABELS);
  fillSelect('initializer', INITIALIZERS);
  fillSelect('speed', Object.keys(SPEEDS), {
    slow: 'slow (5 epochs/s)',
    normal: 'normal (30 epochs/s)',
    fast: 'as fast as it goes',
  });
  fillSelect('optimizer', OPTIMIZERS);
  fillSelect('l1', [0, 0.0001, 0.001, 0.01, 0.1]);
  fillSelect('l2', [0, 0.0001, 0.001, 0.01, 0.1]);
  fillSelect('lr', [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3]);
  $('features').innerHTML += FEATURES.map(
    (f) => `<label><input type="checkbox" id="f-${f}" value="${f}"> ${FEATURE_LABELS[f]}</label>`,
  ).join('');
  // a learning rate from a link that is not in the list still shows
  if (![...$<HTMLSelectElement>('lr').options].some((o) => Number(o.value) === state.learningRate))
    $('lr').insertAdjacentHTML('beforeend', `<option value="${state.learningRate}">${state.learningRate}</option>`);
  onChange('dataset', (el) => (state.dataset = el.value as PlaygroundState['dataset']), 'data');
  onChange('noise', (el) => (state.noise = Number(el.value)), 'data');
  onChange('points', (el) => (state.points = Number(el.value)), 'data');
  onChange('test', (el) => (state.testPercent = Number(el.value)), 'data');
  onChange('seed', (el) => (state.seed = Math.max(0, Math.round(Number(el.value) || 0))), 'data');
  onChange('initializer', (el) => (state.initializer = el.value as PlaygroundState['initializer']), 'network');
  onChange('dropout', (el) => (state.dropout = Number(el.value)), 'network');
  onChange('batch-norm', (el) => (state.batchNorm = el.checked), 'network');
  onChange('l1', (el) => (state.l1 = Number(el.value)), 'network');
  onChange('l2', (el) => (state.l2 = Number(el.value)), 'network');
  onChange('optimizer', (el) => (state.optimizer = el.value as PlaygroundState['optimizer']), 'network');
  onChange('lr', (el) => (state.learningRate = Number(el.value)), 'network');
  onChange(
    'batch',
    (el) => (state.batchSize = Math.min(1024, Math.max(1, Math.round(Number(el.value) || 1)))),
    'network',
  );
  onChange('speed', (el) => send({ type: 'speed', speed: (state.speed = el.value as Speed) }), 'view');
  onChange('show-test', (el) => (state.showTest = el.checked), 'view');
  onChange('discretize', (el) => (state.discretize = el.checked), 'view');
  for (const f of FEATURES)
    onChange(
      `f-${f}`,
      (el) => {
        const next = FEATURES.filter((g) => (g === f ? el.checked : state.features.includes(g)));
        if (next.length > 0) state.features = next;
      },
      'network',
    );
  for (const id of ['noise', 'points', 'test', 'dropout'])
    $<HTMLInputElement>(id).addEventListener('input', (e) => {
      $(`${id}-v`).textContent = (e.target as HTMLInputElement).value + (id === 'test' ? '%' : '');
    });
  $('add-layer').addEventListener('click', () => {
    if (state.layers.length >= 12) return;
    state.layers.push({ ...(state.layers[state.layers.length - 1] ?? { units: 4, activation: 'tanh' }) });
    renderLayers();
    reload(false);
  });
  $('reseed').addEventListener('click', () => {
    state.seed = (state.seed * 7919 + 17) % 100000;
    state.added = [];
    state.erased = [];
    syncControls();
    reload(true);
  });
  $('play').addEventListener('click', () => setRunning(!running));
  $('step').addEventListener('click', () => {
    if (running) setRunning(false);
    send({ type: 'step' });
  });
  $('reset').addEventListener('click', () => reload(false));
  $('csv').addEventListener('change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const parsed = parseCsv(await file.text(), file.name, state.testPercent, state.seed);
      csv = { data: parsed, name: file.name };
      $('csv-note').textContent =
        `${file.name}: ${parsed.y.length} rows, ${parsed.cols} features, ` +
        (parsed.classes === 1 ? 'regression' : `${parsed.classes} classes`) +
        ' (uploaded data is not part of the link).';
      state.added = [];
      state.erased = [];
      syncControls();
      reload(true);
    } catch (err) {
      showError((err as Error).message);
    }
  });
  $('download-tfjs').addEventListener('click', () => ((exportWanted = 'tfjs'), send({ type: 'export' })));
  $('download-onnx').addEventListener('click', () => ((exportWanted = 'onnx'), send({ type: 'export' })));
  $('show-code').addEventListener('click', () => {
    const pre = $('code');
    pre.hidden = !pre.hidden;
    $('show-code').setAttribute('aria-expanded', String(!pre.hidden));
    pre.textContent = generateCode(state, data);
  });
  $('copy-link').addEventListener('click', () => void navigator.clipboard?.writeText(location.href));
  setupMapEditing();
  $('focus').addEventListener('change', (e) => {
    selected = (e.target as HTMLSelectElement).value || null;
    sendView();
  });
  $('network').addEventListener('click', (e) => {
    const rect = (e.target as HTMLCanvasElement).getBoundingClientRect();
    const canvas = e.target as HTMLCanvasElement;
    const [x, y] = [
      ((e.clientX - rect.left) / rect.width) * canvas.width,
      ((e.clientY - rect.top) / rect.height) * canvas.height,
    ];
    const hit = nodes
      .slice(0, -1)
      .flat()
      .find((b) => x >= b.x && x <= b.x + b.size && y >= b.y && y <= b.y + b.size);
    if (!hit) return;
    const key = `${hit.column}:${hit.index}`;
    selected = selected === key ? null : key;
    sendView();
  });
}

function download(m: Extract<FromWorker, { type: 'exported' }>): void {
  const save = (name: string, blob: Blob) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  if (exportWanted === 'onnx') save('model.onnx', new Blob([m.onnx as Uint8Array<ArrayBuffer>]));
  else {
    save('model.json', new Blob([m.modelJson], { type: 'application/json' }));
    save('weights.bin', new Blob([m.weights]));
  }
  exportWanted = null;
}

/** Click: a point of the chosen class where the pointer is; drag: erase the points the pointer passes over. */
function setupMapEditing(): void {
  const map = $<HTMLCanvasElement>('map');
  let down: { x: number; y: number; dragged: boolean } | null = null;
  const at = (e: PointerEvent): [number, number] => {
    const rect = map.getBoundingClientRect();
    return [((e.clientX - rect.left) / rect.width) * map.width, ((e.clientY - rect.top) / rect.height) * map.height];
  };
  map.addEventListener('pointerdown', (e) => {
    const [x, y] = at(e);
    down = { x, y, dragged: false };
    map.setPointerCapture(e.pointerId);
  });
  map.addEventListener('pointermove', (e) => {
    if (!down) return;
    const [x, y] = at(e);
    if (!down.dragged && Math.hypot(x - down.x, y - down.y) < 5) return;
    down.dragged = true;
    erase(x, y);
  });
  map.addEventListener('pointerup', (e) => {
    if (down && !down.dragged && data.cols === 2) {
      const [x, y] = at(e);
      const [x1, x2] = toData(data.domain, map.width, map.height, x, y);
      const label = data.classes === 1 ? clickTarget : clickClass;
      if (csv) csv = { ...csv, data: appendRow(csv.data, x1, x2, label) };
      else state.added.push({ x1: +x1.toFixed(4), x2: +x2.toFixed(4), label });
      updateData();
    }
    down = null;
  });
}

function erase(px: number, py: number): void {
  const map = $<HTMLCanvasElement>('map');
  const doomed: number[] = [];
  for (let r = 0; r < data.y.length; r++) {
    if (data.isTest[r] && !state.showTest) continue;
    const [x, y] = toPixel(data.domain, map.width, map.height, data.x[2 * r], data.x[2 * r + 1]);
    if (Math.hypot(x - px, y - py) < 10) doomed.push(r);
  }
  if (doomed.length === 0) return;
  if (csv) csv = { ...csv, data: dropRows(csv.data, doomed) };
  else {
    const addedGone = new Set(
      doomed
        .map((r) => data.origin[r])
        .filter((o) => o < 0)
        .map((o) => -1 - o),
    );
    state.erased = [...state.erased, ...doomed.map((r) => data.origin[r]).filter((o) => o >= 0)].sort((a, b) => a - b);
    state.added = state.added.filter((_, i) => !addedGone.has(i));
  }
  updateData();
}

function appendRow(d: PointSet, x1: number, x2: number, label: number): PointSet {
  const x = new Float32Array(d.x.length + 2);
  x.set(d.x);
  x.set([x1, x2], d.x.length);
  const y = Float32Array.from([...d.y, label]);
  return { ...d, x, y, isTest: Uint8Array.from([...d.isTest, 0]), origin: Int32Array.from([...d.origin, d.y.length]) };
}

function dropRows(d: PointSet, rows: number[]): PointSet {
  const gone = new Set(rows);
  const keep = [...d.y.keys()].filter((r) => !gone.has(r));
  return {
    ...d,
    x: Float32Array.from(keep.flatMap((r) => [...d.x.subarray(r * d.cols, (r + 1) * d.cols)])),
    y: Float32Array.from(keep, (r) => d.y[r]),
    isTest: Uint8Array.from(keep, (r) => d.isTest[r]),
    origin: Int32Array.from(keep, (r) => d.origin[r]),
  };
}

/** Points changed by hand: the network keeps training on the new data, from where it is. */
function updateData(): void {
  data = csv ? csv.data : synthesize(state);
  send({ type: 'data', data });
  writeUrl();
  sendView();
}

// for the browser tests and for curious learners in the console
declare global {
  interface Window {
    playground: unknown;
  }
}
let nextId = 0;
window.playground = {
  state: () => structuredClone(state),
  data: () => ({ rows: data.y.length, classes: data.classes, cols: data.cols }),
  history: () => history.map((h) => ({ ...h })),
  epoch: () => status?.epoch ?? 0,
  drawTimes: () => ({ ...status?.drawTimes }),
  generation: () => generation,
  predict: (rows: number[][]) =>
    new Promise<number[]>((resolve) => {
      const id = nextId++;
      predictions.set(id, (y) => (predictions.delete(id), resolve(Array.from(y))));
      send({ type: 'predict', id, x: Float32Array.from(rows.flat()) });
    }),
};

setup();
syncControls();
reload(false);
