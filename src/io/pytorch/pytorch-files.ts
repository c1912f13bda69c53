import { ConfigError, FormatError, WriteError } from '../../core/errors.js';
import { nodeFs, readFileInside, writeFileAtomic } from '../../core/node-fs.js';
import type { CustomLayerClass } from '../../layers/layer-class.js';
import type { Optimizer } from '../../optimizers/index.js';
import { decodeSafetensors, encodeSafetensors, type Safetensors } from '../safetensors.js';
import { modelPy } from './model-py.js';
import { torchLayers, torchStateDict, type TorchModel } from './torch-layers.js';
import { trainDdpPy } from './train-ddp-py.js';
import { trainingPlan } from './training-plan.js';

/** The exported folder: model.py, model.safetensors, and train_ddp.py when the training settings were given. */
export interface PyTorchFiles {
  readonly 'model.py': string;
  readonly 'model.safetensors': Uint8Array;
  readonly 'train_ddp.py'?: string;
}

/** The files of the PyTorch folder for `model`; `training` (the compiled loss and optimizer) adds train_ddp.py. */
export function pytorchFiles(
  model: TorchModel,
  training: { loss: string; optimizer: Optimizer } | undefined,
  where: string,
  customLayers?: readonly CustomLayerClass[],
): PyTorchFiles {
  const layers = torchLayers(model, where, customLayers);
  const plan = training && trainingPlan(training.loss, training.optimizer, layers, where);
  return {
    'model.py': modelPy(model, layers),
    'model.safetensors': encodeSafetensors(torchStateDict(layers), { format: 'pt', producer: 'strata' }),
    ...(plan ? { 'train_ddp.py': trainDdpPy(model.name, plan) } : {}),
  };
}

const parentOf = (path: string) => (/[/\\]/.test(path) ? path.replace(/[/\\][^/\\]*$/, '') || '/' : '.');
const baseOf = (path: string) => path.slice(path.search(/[^/\\]*$/));

/** Writes each file into `dir` (created if missing), each atomically; a failed write is a WriteError. */
export function writeFolder(dir: string, files: Readonly<Record<string, string | Uint8Array>>, where: string): void {
  if (typeof dir !== 'string' || dir === '')
    throw new ConfigError({
      where,
      expected: 'a directory path',
      received: JSON.stringify(dir),
      hint: 'Pass a folder.',
    });
  const fs = nodeFs(where);
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, data] of Object.entries(files))
      writeFileAtomic(fs, `${dir.replace(/[/\\]+$/, '')}/${name}`, data);
  } catch (e) {
    const code = (e as { code?: unknown })?.code;
    if (typeof code !== 'string') throw e;
    throw new WriteError(
      {
        where,
        expected: `to write into ${dir}`,
        received: code,
        hint: 'Check the path, its permissions and the disk.',
      },
      e,
    );
  }
}

// a model's weights stay under 2 GiB (as for model.json's weights)
const MAX_BYTES = 2 ** 31;

/** The tensors of the safetensors file at `path` (Node): a regular file, read once, checked. */
export function readSafetensorsFile(path: string, where: string): Safetensors {
  if (typeof path !== 'string' || path === '')
    throw new ConfigError({
      where,
      expected: 'a file path',
      received: JSON.stringify(path),
      hint: 'Pass a .safetensors file.',
    });
  const refuse = (reason: string): never => {
    throw new FormatError({
      where: path,
      expected: 'a safetensors file',
      received: reason,
      hint: 'Pass the file itself.',
    });
  };
  const bytes = readFileInside(nodeFs(where), parentOf(path), baseOf(path), MAX_BYTES, refuse);
  if (bytes === undefined)
    throw new FormatError({
      where,
      expected: 'a safetensors file',
      received: `no file at ${path}`,
      hint: 'Check the path.',
    });
  return decodeSafetensors(bytes, path);
}
