// The page's datasets, from the library's seeded generators; the regression sets are two-feature surfaces drawn here.
import * as st from 'strata-nn';
import { domainOf, type PointSet } from './point-set.js';
import { classCount, isRegression, type DatasetId, type PlaygroundState } from './state.js';

/** The noise slider runs 0–1; each generator reads noise on its own scale. */
export const NOISE_SCALE: Record<DatasetId, number> = {
  spiral: 1,
  spiral3: 1,
  spiral5: 1,
  circles: 0.3,
  xor: 1,
  blobs: 5,
  moons: 0.5,
  plane: 0.5,
  sine: 0.5,
};

/** Raw points and labels of a synthetic dataset, before the split and the user's edits. */
export function generate(s: Pick<PlaygroundState, 'dataset' | 'noise' | 'points' | 'seed'>): {
  x: Float32Array;
  y: Float32Array;
} {
  const noise = s.noise * NOISE_SCALE[s.dataset];
  const seed = s.seed;
  const classes = classCount(s.dataset);
  let set: st.Dataset;
  switch (s.dataset) {
    case 'spiral':
    case 'spiral3':
    case 'spiral5':
      set = st.datasets.spiral({
        samplesPerClass: Math.round(s.points / classes),
        classes,
        noise,
        seed,
        shuffle: true,
      });
      break;
    case 'circles':
      set = st.datasets.circles({ samples: s.points, noise, factor: 0.5, seed });
      break;
    case 'xor':
      set = st.datasets.xor({ samples: s.points, noise, seed });
      break;
    case 'blobs':
      set = st.datasets.blobs({ samples: s.points, std: noise, seed });
      break;
    case 'moons':
      set = st.datasets.moons({ samples: s.points, noise, seed });
      break;
    default:
      return surface(s.dataset, s.points, noise, seed);
  }
  return { x: Float32Array.from(set.x.data), y: Float32Array.from(set.y.data) };
}

/** The regression surfaces: a tilted plane and a sine ridge over [-1, 1]², with Gaussian noise on the target. */
export function surface(dataset: DatasetId, points: number, noise: number, seed: number) {
  const rng = new st.Rng(seed);
  const x = new Float32Array(points * 2);
  const y = new Float32Array(points);
  for (let i = 0; i < points; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = (dataset === 'plane' ? (a + b) / 2 : Math.sin(3 * a)) + rng.normal() * noise;
  }
  return { x, y };
}

/** Which rows are held out: a seeded shuffle of the row numbers, the first `testPercent` share of them. */
export function testFlags(rows: number, testPercent: number, seed: number): Uint8Array {
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  new st.Rng(seed + 1).shuffle(order);
  const flags = new Uint8Array(rows);
  const tests = Math.round((rows * testPercent) / 100);
  for (let i = 0; i < tests; i++) flags[order[i]] = 1;
  return flags;
}

/** The state's dataset with the user's erased points removed and clicked points added (as training points). */
export function synthesize(s: PlaygroundState): PointSet {
  const raw = generate(s);
  const flags = testFlags(raw.y.length, s.testPercent, s.seed);
  const erased = new Set(s.erased);
  const keep = [...raw.y.keys()].filter((i) => !erased.has(i));
  const classes = classCount(s.dataset);
  const added = s.added.filter((p) => isRegression(s.dataset) || (p.label >= 0 && p.label < classes));
  const rows = keep.length + added.length;
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  const isTest = new Uint8Array(rows);
  const origin = new Int32Array(rows);
  keep.forEach((from, r) => {
    origin[r] = from;
    x[2 * r] = raw.x[2 * from];
    x[2 * r + 1] = raw.x[2 * from + 1];
    y[r] = raw.y[from];
    isTest[r] = flags[from];
  });
  added.forEach((p, i) => {
    const r = keep.length + i;
    origin[r] = -1 - s.added.indexOf(p);
    x[2 * r] = p.x1;
    x[2 * r + 1] = p.x2;
    y[r] = p.label;
  });
  return {
    x,
    y,
    isTest,
    cols: 2,
    classes,
    columnNames: ['x1', 'x2'],
    classNames: Array.from({ length: classes }, (_, k) => `class ${k}`),
    domain: domainOf(raw.x, 2),
    source: 'generated',
    origin,
  };
}
