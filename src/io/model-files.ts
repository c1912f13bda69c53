import { ConfigError, FormatError } from '../core/errors.js';
import { nodeFs, writeFileAtomic } from '../core/node-fs.js';
import type { ModelArtifacts, WeightSpec } from './artifacts.js';

const join = (dir: string, name: string) => `${dir.replace(/[/\\]+$/, '')}/${name}`;

/**
 * Writes model.json and its weights file into `dir`, each atomically; model.json goes last and names a weights file
 * of its own (`weights-<id>.bin`), so a reader sees the old model or the new one, never new topology with old weights.
 */
export function writeModelFiles(artifacts: ModelArtifacts, dir: string, where = 'save()'): void {
  if (typeof dir !== 'string' || dir === '')
    throw new ConfigError({ where, expected: 'a directory path', received: JSON.stringify(dir) });
  const fs = nodeFs(where);
  fs.mkdirSync(dir, { recursive: true });
  const weightsFile = `weights-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.bin`;
  writeFileAtomic(fs, join(dir, weightsFile), new Uint8Array(artifacts.weightData));
  const { weightSpecs, weightData: _data, ...rest } = artifacts;
  const json = { ...rest, weightsManifest: [{ paths: [weightsFile], weights: weightSpecs }] };
  writeFileAtomic(fs, join(dir, 'model.json'), JSON.stringify(json));
  for (const file of fs.readdirSync(dir))
    if ((/^weights-.*\.bin$/.test(file) && file !== weightsFile) || /\.tmp$/.test(file))
      fs.rmSync(join(dir, file), { force: true });
}

/** A weights path from a manifest, allowed only inside the model's directory. */
function safePath(where: string, path: unknown): string {
  const reason =
    typeof path !== 'string' || path === ''
      ? 'not a file name'
      : /^[a-z][a-z0-9+.-]*:/i.test(path)
        ? 'a URL'
        : /^[/\\]/.test(path) || /^[A-Za-z]:/.test(path)
          ? 'an absolute path'
          : path.split(/[/\\]/).includes('..')
            ? "a path that climbs out with '..'"
            : path.includes('\0')
              ? 'a path with a NUL byte'
              : undefined;
  if (reason)
    throw new FormatError({
      where,
      expected: "weight paths inside the model's directory",
      received: `${JSON.stringify(path)} (${reason})`,
      hint: 'Loading never reads outside the directory that holds model.json.',
    });
  return path as string;
}

/**
 * Artifacts from the text of model.json and a reader for the weight files it names (undefined for a missing file).
 * Shared by the file loader and the fuzz tests; nothing in the files is ever executed.
 */
export function artifactsFromJson(
  text: string,
  readWeights: (path: string) => Uint8Array | undefined,
  where: string,
): ModelArtifacts {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FormatError({ where, expected: 'valid JSON in model.json', received: (e as Error).message });
  }
  const manifest = typeof json === 'object' && json !== null ? json.weightsManifest : undefined;
  if (!Array.isArray(manifest))
    throw new FormatError({ where, expected: 'a weightsManifest array in model.json', received: typeof manifest });
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of manifest as { paths?: unknown; weights?: unknown }[]) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights))
      throw new FormatError({
        where,
        expected: 'manifest groups { paths, weights }',
        received: JSON.stringify(group)?.slice(0, 80) ?? 'none',
      });
    specs.push(...(group.weights as WeightSpec[]));
    for (const path of group.paths) {
      const bytes = readWeights(safePath(where, path));
      if (bytes === undefined)
        throw new FormatError({
          where,
          expected: `the weights file ${path as string}`,
          received: 'no such file',
          hint: 'Copy model.json together with its weights file.',
        });
      chunks.push(bytes);
    }
  }
  const weightData = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    weightData.set(c, offset);
    offset += c.length;
  }
  return { ...json, weightSpecs: specs, weightData: weightData.buffer } as unknown as ModelArtifacts;
}

/** Reads model.json and its weights from `dir`. */
export function readModelFiles(dir: string, where = 'loadModel()'): ModelArtifacts {
  const fs = nodeFs(where);
  const jsonPath = join(dir, 'model.json');
  if (!fs.existsSync(jsonPath))
    throw new FormatError({
      where,
      expected: `model.json in ${dir}`,
      received: 'no such file',
      hint: 'Save a model there with model.save(dir).',
    });
  const read = (path: string) => (fs.existsSync(join(dir, path)) ? fs.readFileSync(join(dir, path)) : undefined);
  return artifactsFromJson(fs.readFileSync(jsonPath, 'utf8'), read, where);
}
