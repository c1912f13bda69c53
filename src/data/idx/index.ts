// data/idx: the IDX files MNIST is distributed in, parsed from bytes (the caller reads and decompresses them)
export { idxDataset } from './idx-dataset.js';
export { idxImages } from './idx-images.js';
export type { IdxImagesOptions } from './idx-images.js';
export { idxLabels } from './idx-labels.js';
export { readIdx } from './read-idx.js';
export type { IdxArray, IdxType } from './read-idx.js';
