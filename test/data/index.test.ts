import { describe, expect, it } from 'vitest';
import { data, datasets } from '../../src/data/index.js';

describe('the data name tables', () => {
  it('list every generator and every preprocessing and IDX helper as a function', () => {
    expect(Object.keys(datasets)).toEqual([
      'spiral',
      'circles',
      'blobs',
      'moons',
      'xor',
      'makeClassification',
      'sineRegression',
      'addingProblem',
      'noisySine',
    ]);
    expect(Object.keys(data)).toEqual([
      'standardScaler',
      'minMaxScaler',
      'oneHot',
      'argMax',
      'trainTestSplit',
      'timeseriesWindows',
      'charVocabulary',
      'csvDataset',
      'readNpy',
      'npyDataset',
      'readIdx',
      'idxImages',
      'idxLabels',
      'idxDataset',
    ]);
    expect([...Object.values(datasets), ...Object.values(data)].every((f) => typeof f === 'function')).toBe(true);
  });
});
