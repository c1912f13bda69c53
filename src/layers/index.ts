// layers (rank 4): Dense, Activation, Dropout, BatchNormalization and the Layer contract; imports ranks 0–3
import { activation } from './activation.js';
import { batchNormalization } from './batch-normalization.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';

export const layers = { dense, activation, dropout, batchNormalization } as const;
export { Dense } from './dense.js';
export type { DenseConfig } from './dense.js';
export { Activation } from './activation.js';
export type { ActivationConfig } from './activation.js';
export { Dropout } from './dropout.js';
export type { DropoutConfig } from './dropout.js';
export { BatchNormalization } from './batch-normalization.js';
export type { BatchNormalizationConfig } from './batch-normalization.js';
export type { BuildContext, Layer, LayerConfig } from './layer.js';
export { describeLayer } from './layer.js';
