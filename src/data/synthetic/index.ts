// data/synthetic (rank 4): seeded toy datasets for classification and regression; imports core and tensor only
import { addingProblem } from './adding-problem.js';
import { blobs } from './blobs.js';
import { circles } from './circles.js';
import { makeClassification } from './make-classification.js';
import { moons } from './moons.js';
import { noisySine } from './noisy-sine.js';
import { sineRegression } from './sine-regression.js';
import { spiral } from './spiral.js';
import { xor } from './xor.js';

/** The dataset generators: each returns `{ x, y }` tensors and takes a `seed`. */
export const datasets = {
  spiral,
  circles,
  blobs,
  moons,
  xor,
  makeClassification,
  sineRegression,
  addingProblem,
  noisySine,
} as const;
export type DatasetName = keyof typeof datasets;
export type { AddingProblemOptions } from './adding-problem.js';
export type { BlobsOptions } from './blobs.js';
export type { CirclesOptions } from './circles.js';
export type { ClassificationOptions, LabelEncoding } from './classification-options.js';
export type { MakeClassificationOptions } from './make-classification.js';
export type { MoonsOptions } from './moons.js';
export type { NoisySineOptions } from './noisy-sine.js';
export type { SineRegressionOptions } from './sine-regression.js';
export type { SpiralOptions } from './spiral.js';
export type { XorOptions } from './xor.js';
