import { exportPyTorch, type Sequential } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { say } from '../io.js';
import { withWriteErrors } from '../write-errors.js';

/** `strata export --format pytorch`: model.py, model.safetensors and train_ddp.py in `out`. */
export async function exportPyTorchFolder(model: Sequential, out: string, ctx: CliContext): Promise<void> {
  const files = await withWriteErrors(out, 'the PyTorch model', () => exportPyTorch(model, { dir: out }));
  const training = files['train_ddp.py'] !== undefined;
  say(
    ctx.io,
    `Exported a PyTorch model to ${out}/: model.py (load_model() builds it in torch.nn, channels-last input), model.safetensors${training ? ', train_ddp.py' : ''}.`,
  );
  if (training)
    say(
      ctx.io,
      `Train it on N processes: torchrun --nproc_per_node=N ${out}/train_ddp.py --data data.npz --epochs 5 --out trained.safetensors`,
    );
  say(
    ctx.io,
    'Bring the weights back: strata import --format pytorch --weights trained.safetensors --model <this model> --out <new model>',
  );
}
