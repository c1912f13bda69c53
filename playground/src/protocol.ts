// Messages to and from the training worker. Snapshots go to the drawing worker and are acknowledged before the next
// is sent, so none queue up (it draws at most ~30 frames a second, the training worker trains as fast as it can).
import type { PointSet } from './point-set.js';
import type { PlaygroundState, Speed } from './state.js';

export type ToWorker =
  | { type: 'port'; port: MessagePort }
  | { type: 'load'; state: PlaygroundState; data: PointSet }
  | { type: 'data'; data: PointSet }
  | { type: 'speed'; speed: Speed }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'ack' }
  | { type: 'export' }
  | { type: 'predict'; id: number; x: Float32Array };

export interface EpochRecord {
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
}

export interface Snapshot {
  type: 'snapshot';
  /** Bumped on every load, so the page drops snapshots of a network it no longer shows. */
  generation: number;
  epoch: number;
  running: boolean;
  samplesPerSecond: number;
  /** The epochs finished since the previous snapshot. */
  records: EpochRecord[];
  /** Side of the square grid the maps are computed on (0 when the data has no map). */
  gridSize: number;
  /** The output over the grid, row by row from the top: one value per cell, or one per class for 3+ classes. */
  output: Float32Array;
  outputWidth: number;
  /** Side of the coarser grid of the neuron maps (every other cell of the output's). */
  neuronGridSize: number;
  /** Each hidden layer's neurons over the coarse grid: units × neuronGridSize² values, neuron by neuron. */
  neurons: Float32Array[];
  /** Each Dense layer's kernel, [inputs, units] row-major, input side first. */
  kernels: { inputs: number; units: number; values: Float32Array }[];
  /** Predicted class (or value) of every test row, in row order, for the confusion matrix. */
  testPredictions: Float32Array;
  backend: string;
}

export type FromWorker =
  | Snapshot
  | { type: 'exported'; modelJson: string; weights: ArrayBuffer; onnx: Uint8Array }
  | { type: 'predicted'; id: number; y: Float32Array }
  | { type: 'error'; message: string };
