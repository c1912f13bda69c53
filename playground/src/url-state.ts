// The state as a query string and back: a shared link reproduces the same data, network and seed. Values that do
// not parse fall back to the defaults, so a hand-edited or truncated link still opens a working page.
import {
  ACTIVATIONS,
  DATASETS,
  DEFAULT_STATE,
  FEATURES,
  INITIALIZERS,
  OPTIMIZERS,
  SPEEDS,
  type AddedPoint,
  type LayerSpec,
  type PlaygroundState,
} from './state.js';

const round = (v: number): string => String(Math.round(v * 1e4) / 1e4);

export function stateToQuery(s: PlaygroundState): string {
  const q = new URLSearchParams();
  q.set('data', s.dataset);
  q.set('noise', round(s.noise));
  q.set('points', String(s.points));
  q.set('test', String(s.testPercent));
  q.set('seed', String(s.seed));
  q.set('features', s.features.join(','));
  q.set('layers', s.layers.map((l) => `${l.units}${l.activation}`).join(','));
  q.set('init', s.initializer);
  q.set('dropout', round(s.dropout));
  q.set('bn', s.batchNorm ? '1' : '0');
  q.set('l1', String(s.l1));
  q.set('l2', String(s.l2));
  q.set('opt', s.optimizer);
  q.set('lr', String(s.learningRate));
  q.set('batch', String(s.batchSize));
  q.set('speed', s.speed);
  q.set('discretize', s.discretize ? '1' : '0');
  q.set('showTest', s.showTest ? '1' : '0');
  if (s.added.length > 0) q.set('add', s.added.map((p) => `${round(p.x1)}:${round(p.x2)}:${round(p.label)}`).join(';'));
  if (s.erased.length > 0) q.set('erase', s.erased.join(','));
  return q.toString();
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function num(value: string | null, fallback: number, min: number, max: number, integer = false): number {
  if (value === null || value.trim() === '') return fallback;
  const v = Number(value);
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) return fallback;
  return v;
}

function parseLayers(value: string | null): LayerSpec[] {
  if (value === null) return DEFAULT_STATE.layers.map((l) => ({ ...l }));
  if (value === '') return [];
  const out: LayerSpec[] = [];
  for (const part of value.split(',')) {
    const m = /^(\d+)([a-zA-Z]+)$/.exec(part);
    if (!m) return DEFAULT_STATE.layers.map((l) => ({ ...l }));
    const units = Number(m[1]);
    if (units < 1 || units > 256 || !(ACTIVATIONS as readonly string[]).includes(m[2]))
      return DEFAULT_STATE.layers.map((l) => ({ ...l }));
    out.push({ units, activation: m[2] as LayerSpec['activation'] });
  }
  return out.slice(0, 12);
}

function parseAdded(value: string | null): AddedPoint[] {
  if (!value) return [];
  return value
    .split(';')
    .map((p) => p.split(':').map(Number))
    .filter((p) => p.length === 3 && p.every(Number.isFinite))
    .map(([x1, x2, label]) => ({ x1, x2, label }));
}

export function queryToState(query: string): PlaygroundState {
  const q = new URLSearchParams(query);
  const d = DEFAULT_STATE;
  const features = (q.get('features') ?? d.features.join(','))
    .split(',')
    .filter((f): f is (typeof FEATURES)[number] => (FEATURES as readonly string[]).includes(f));
  return {
    dataset: pick(q.get('data'), DATASETS, d.dataset),
    noise: num(q.get('noise'), d.noise, 0, 1),
    points: num(q.get('points'), d.points, 20, 2000, true),
    testPercent: num(q.get('test'), d.testPercent, 10, 90, true),
    seed: num(q.get('seed'), d.seed, 0, 2 ** 31 - 1, true),
    features: features.length > 0 ? [...new Set(features)] : [...d.features],
    layers: parseLayers(q.get('layers')),
    initializer: pick(q.get('init'), INITIALIZERS, d.initializer),
    dropout: num(q.get('dropout'), d.dropout, 0, 0.9),
    batchNorm: q.get('bn') === '1',
    l1: num(q.get('l1'), d.l1, 0, 1),
    l2: num(q.get('l2'), d.l2, 0, 1),
    optimizer: pick(q.get('opt'), OPTIMIZERS, d.optimizer),
    learningRate: num(q.get('lr'), d.learningRate, 1e-6, 10),
    batchSize: num(q.get('batch'), d.batchSize, 1, 1024, true),
    speed: pick(q.get('speed'), Object.keys(SPEEDS) as (keyof typeof SPEEDS)[], d.speed),
    discretize: q.get('discretize') === '1',
    showTest: q.get('showTest') === '1',
    added: parseAdded(q.get('add')),
    erased: (q.get('erase') ?? '')
      .split(',')
      .filter((v) => /^\d+$/.test(v))
      .map(Number),
  };
}
