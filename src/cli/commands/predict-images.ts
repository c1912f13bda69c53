import Papa from 'papaparse';
import { ConfigError, DataError } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { writeFileAtomic } from '../atomic-write.js';
import { imageBatches, type ImageData, type ImageSource } from '../image-data.js';
import { say } from '../io.js';
import { loadBundle, requireMetadata, type CliMetadata, type ImageInput } from '../model-bundle.js';
import { predictedIds } from '../model-data.js';
import { checkWritable, withWriteErrors } from '../write-errors.js';

/** The image input of a model trained on images, or a user error saying how to give this model its data. */
export function requireImageModel(dir: string, meta: CliMetadata, command: string): ImageInput {
  if (meta.images) return meta.images;
  throw new ConfigError({
    where: `strata ${command}`,
    expected: 'a model trained on images (strata train --images or --idx)',
    received: `a model of CSV columns (${dir})`,
    hint: 'Pass --data FILE.csv with the columns it was trained on.',
  });
}

/** The images' labels as the model's class ids: folder names matched by name, IDX labels taken as ids. */
export function labelsForModel(images: Omit<ImageData, 'x'>, classes: string[]): number[] | undefined {
  const { labels } = images;
  if (labels === undefined) return undefined;
  return labels.map((label, i) => {
    const name = images.classes ? images.classes[label] : String(label);
    const id = classes.indexOf(name);
    if (id >= 0) return id;
    throw new DataError({
      where: `${images.source}: ${images.names[i]}`,
      expected: `a class the model knows (${classes.join(', ')})`,
      received: `'${name}'`,
      hint: 'Name each subfolder after one of the classes the model was trained on.',
    });
  });
}

const round = (v: number) => Number(v.toPrecision(6));

/** Images decoded and predicted at once: a folder of any size needs this many images' memory at a time. */
const CHUNK = 256;

/** `strata predict --images DIR` or `--idx FILE`: one CSV row per image with its predicted class and probabilities. */
export async function predictImages(
  options: ImageSource & { model: string; out?: string },
  ctx: CliContext,
  chunk = CHUNK,
): Promise<void> {
  const { io } = ctx;
  if (options.out !== undefined) checkWritable(options.out, 'file', 'the predictions');
  const { model, metadata } = await loadBundle(options.model);
  const meta = requireMetadata(options.model, metadata, 'predict');
  const input = requireImageModel(options.model, meta, 'predict');
  const images = imageBatches(options, input);
  const classes = meta.classes!;
  const truth = labelsForModel(images, classes);
  const ids: number[] = [];
  const rows: (string | number)[][] = [];
  // a batch of files at a time: a folder larger than memory is predicted all the same
  for (let from = 0; from < images.count; from += chunk) {
    const to = Math.min(images.count, from + chunk);
    const output = model.predict(images.batch(from, to));
    const units = output.shape[1];
    predictedIds(output.data, units).forEach((id, j) => {
      const i = from + j;
      ids.push(id);
      rows.push([
        images.names[i],
        ...(truth ? [classes[truth[i]]] : []),
        classes[id],
        ...Array.from(output.data.subarray(j * units, (j + 1) * units), round),
      ]);
    });
  }
  const header = [
    'image',
    ...(truth ? [meta.target] : []),
    `predicted_${meta.target}`,
    ...classes.map((c) => `p_${c}`),
  ];
  const csv = Papa.unparse([header, ...rows], { newline: '\n' }) + '\n';
  const correct = truth ? ids.filter((id, i) => id === truth[i]).length : 0;
  const accuracy = truth
    ? `; accuracy ${((100 * correct) / ids.length).toFixed(1)}% (${correct} of ${ids.length})`
    : '';
  if (options.out === undefined) {
    io.out(csv);
    if (truth) io.err(`Accuracy ${((100 * correct) / ids.length).toFixed(1)}% (${correct} of ${ids.length}).\n`);
    return;
  }
  await withWriteErrors(options.out, 'the predictions', async () => writeFileAtomic(options.out!, csv));
  say(io, `Wrote ${ids.length} predictions to ${options.out}${accuracy}.`);
}
