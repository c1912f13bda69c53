import { Option, type Command } from 'commander';
import { join } from 'node:path';
import { exportOnnx } from '../../index.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { CliContext } from '../cli-context.js';
import { say } from '../io.js';
import { loadBundle, saveBundle } from '../model-bundle.js';
import { checkWritable } from '../write-errors.js';
import { exportPyTorchFolder } from './export-pytorch.js';

interface ExportOptions {
  model: string;
  format: 'tfjs' | 'onnx' | 'pytorch';
  out: string;
}

/** `strata export`: the model alone, as a TensorFlow.js layers model (a directory), an ONNX file or a PyTorch folder. */
export async function exportModel(options: ExportOptions, ctx: CliContext): Promise<void> {
  const onnxFile = options.out.endsWith('.onnx') ? options.out : join(options.out, 'model.onnx');
  if (options.format === 'onnx') checkWritable(onnxFile, 'file', 'the ONNX model');
  else
    checkWritable(
      options.out,
      'folder',
      options.format === 'pytorch' ? 'the PyTorch model' : 'the TensorFlow.js model',
    );
  const { model } = await loadBundle(options.model);
  if (options.format === 'pytorch') return exportPyTorchFolder(model, options.out, ctx);
  if (options.format === 'onnx') {
    const file = onnxFile;
    writeFileAtomic(file, exportOnnx(model), 'the ONNX model');
    say(ctx.io, `Exported an ONNX model (opset 17) to ${file}: input 'input' [batch, features], output 'output'.`);
    say(ctx.io, 'Serve it with ONNX Runtime (onnxruntime-node, onnxruntime-web, or onnxruntime in Python).');
    return;
  }
  // save() writes what TF.js reads: float32 weights, leakyRelu as a LeakyReLU layer
  await saveBundle(options.out, model);
  say(ctx.io, `Exported a TensorFlow.js layers model to ${options.out}/ (model.json + float32 weights).`);
  say(
    ctx.io,
    "Load it in TF.js: in a page, tf.loadLayersModel('…/model.json') from a web server; in Node with @tensorflow/tfjs-node, tf.loadLayersModel('file://…/model.json'); in Node with @tensorflow/tfjs alone, read the files and pass tf.io.fromMemory(…) (README, 'Saving and loading'); in strata, st.loadModel(dir).",
  );
}

/** Adds `strata export` and its options to the program. */
export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write a saved model in another format')
    .requiredOption('--model <dir>', 'model directory')
    .addOption(
      new Option('--format <format>', 'output format').choices(['tfjs', 'onnx', 'pytorch']).makeOptionMandatory(),
    )
    .requiredOption('--out <path>', 'a directory (tfjs, pytorch), or a .onnx file or directory (onnx)')
    .action((options: ExportOptions) => exportModel(options, ctx));
}
