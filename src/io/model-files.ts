import { ConfigError, FormatError, WriteError } from '../core/errors.js';
import { nodeFs, readFileInside, writeFileAtomic, type NodeFs } from '../core/node-fs.js';
import type { ModelArtifacts, WeightSpec } from './artifacts.js';

const join = (dir: string, name: string) => `${dir.replace(/[/\\]+$/, '')}/${name}`;

// past these a file is corrupt or hostile: strata's own model.json is kilobytes, its weights under 2 GiB
const MAX_JSON_BYTES = 64 * 2 ** 20;
const MAX_WEIGHT_BYTES = 2 ** 31;
const MAX_JSON_DEPTH = 64;
const BYTES: Record<string, number> = { float32: 4, float64: 8 };
/** The weights files strata writes: one per save, never rewritten, so a reader of one model.json sees one version. */
const OWN_WEIGHTS = /^weights-[a-z0-9]+\.bin$/;

const uniqueId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** The weights files (strata's own names only) that the model.json now in `dir` names; none when unreadable. */
function namedWeights(fs: NodeFs, dir: string): string[] {
  try {
    const refuse = (): never => {
      throw new Error('not a model.json to clean up after');
    };
    const bytes = readFileInside(fs, dir, 'model.json', MAX_JSON_BYTES, refuse);
    if (bytes === undefined) return [];
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { weightsManifest?: { paths?: unknown }[] };
    const paths = (Array.isArray(json?.weightsManifest) ? json.weightsManifest : []).flatMap((g) =>
      Array.isArray(g?.paths) ? (g.paths as unknown[]) : [],
    );
    return paths.filter((p): p is string => typeof p === 'string' && OWN_WEIGHTS.test(p));
  } catch {
    return [];
  }
}

/** A failed write (full disk, read-only folder, a file where a folder should be) as a WriteError with the fix. */
function writeError(where: string, dir: string, e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return e;
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'The disk is full: free some space or save elsewhere.'
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? 'The folder is read-only: save into a writable folder.'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'A file stands where a folder should be: choose another path or move the file.'
          : 'Check the path and the disk, then save again.';
  return new WriteError({ where, expected: `to write the model into ${dir}`, received: code, hint }, e);
}

/**
 * Saves one complete version into `dir`: the weights under a name unique to this save, then model.json renamed over
 * the old one (the commit point), then the weights file the previous model.json named. Nothing else in the folder is
 * touched, a failed save leaves nothing behind, and concurrent saves end with the last one to commit, whole.
 */
export function writeModelFiles(artifacts: ModelArtifacts, dir: string, where = 'save()'): void {
  if (typeof dir !== 'string' || dir === '')
    throw new ConfigError({
      where,
      expected: 'a directory path',
      received: JSON.stringify(dir),
      hint: "Pass a folder path, e.g. 'strata-out/model'.",
    });
  const fs = nodeFs(where);
  const weightsFile = `weights-${uniqueId()}.bin`;
  const { weightSpecs, weightData, ...rest } = artifacts;
  const json = { ...rest, weightsManifest: [{ paths: [weightsFile], weights: weightSpecs }] };
  let created: string | undefined;
  try {
    created = fs.mkdirSync(dir, { recursive: true });
    const previous = namedWeights(fs, dir);
    writeFileAtomic(fs, join(dir, weightsFile), new Uint8Array(weightData));
    try {
      writeFileAtomic(fs, join(dir, 'model.json'), JSON.stringify(json));
    } catch (e) {
      fs.rmSync(join(dir, weightsFile), { force: true });
      throw e;
    }
    // a writer that committed meanwhile names only its own new file, so what `previous` named is nobody's now
    const live = namedWeights(fs, dir);
    for (const file of previous)
      if (file !== weightsFile && !live.includes(file)) fs.rmSync(join(dir, file), { force: true });
  } catch (e) {
    if (created !== undefined) removeEmptyFolders(fs, dir, created);
    throw writeError(where, dir, e);
  }
}

/** Removes the folders a failed save created, from `dir` up to `top` (absolute, from mkdirSync), each only if empty. */
function removeEmptyFolders(fs: NodeFs, dir: string, top: string): void {
  const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '/';
  const parts: string[] = [];
  for (const part of `${/^[/\\]/.test(dir) ? '' : cwd + '/'}${dir}`.split(/[/\\]+/))
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  for (let path = '/' + parts.join('/'); path.length >= top.length; path = path.slice(0, path.lastIndexOf('/'))) {
    try {
      fs.rmdirSync(path);
    } catch {
      return;
    }
  }
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
      received: `${JSON.stringify(path).slice(0, 80)} (${reason})`,
      hint: 'Loading never reads outside the directory that holds model.json.',
    });
  return path as string;
}

/** The deepest nesting of arrays and objects in JSON text, counted without parsing (stops past `limit`). */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** JSON.parse, failing with the position only: the parser's own message can quote the file's first bytes. */
function parseJson(text: string, where: string): unknown {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new FormatError({
      where,
      expected: `model.json nested at most ${MAX_JSON_DEPTH} levels deep`,
      received: 'deeper nesting',
      hint: 'The file is corrupt or not a model.',
    });
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const safe = /^[\w\s-]+ at position \d+( \(line \d+ column \d+\))?$/.test(message);
    throw new FormatError({
      where,
      expected: 'valid JSON in model.json',
      received: safe ? message : 'text that is not JSON',
      hint: 'The file is damaged or not a model: save the model again.',
    });
  }
}

/** The bytes a manifest group's weights take, checked: known dtypes, whole-number shapes, a bounded total. */
function groupBytes(weights: unknown[], where: string): number {
  let total = 0;
  for (const [i, s] of (weights as Partial<WeightSpec>[]).entries()) {
    const shape = s?.shape;
    const size = BYTES[String(s?.dtype)];
    const name = typeof s?.name === 'string' ? s.name.slice(0, 80) : `weight ${i}`;
    if (!size)
      throw new FormatError({
        where,
        expected: 'weight dtype float32 or float64',
        received: `'${String(s?.dtype).slice(0, 20)}' for ${name}`,
        hint: 'The manifest is damaged or from an unsupported converter: save the model again.',
      });
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw new FormatError({
        where,
        expected: 'a shape of at most 8 whole numbers',
        received: `${JSON.stringify(shape)?.slice(0, 80)} for ${name}`,
        hint: 'The manifest is damaged: save the model again.',
      });
    total += shape.reduce((a: number, b: number) => a * b, 1) * size;
    if (total > MAX_WEIGHT_BYTES)
      throw new FormatError({
        where,
        expected: `weights of at most ${MAX_WEIGHT_BYTES} bytes`,
        received: `a manifest listing more (at ${name})`,
        hint: 'The manifest is corrupt or not a strata model.',
      });
  }
  return total;
}

/**
 * Artifacts from the text of model.json and a reader for the weight files it names (undefined for a missing file;
 * `maxBytes` is the most the manifest allows for it, so a reader can refuse a larger file before reading it).
 * Shared by the file loader and the fuzz tests; nothing in the files is ever executed.
 */
export function artifactsFromJson(
  text: string,
  readWeights: (path: string, maxBytes: number) => Uint8Array | undefined,
  where: string,
): ModelArtifacts {
  const json = parseJson(text, where) as Record<string, unknown> | null;
  const manifest = typeof json === 'object' && json !== null ? json.weightsManifest : undefined;
  if (!Array.isArray(manifest))
    throw new FormatError({
      where,
      expected: 'a weightsManifest array in model.json',
      received: typeof manifest,
      hint: 'The file is damaged or not a TF.js layers model: save the model again.',
    });
  const specs: WeightSpec[] = [];
  const groups: { paths: string[]; bytes: number }[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const group of manifest as { paths?: unknown; weights?: unknown }[]) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights))
      throw new FormatError({
        where,
        expected: 'manifest groups { paths, weights }',
        received: typeof group,
        hint: 'The manifest is damaged: save the model again.',
      });
    const paths = group.paths.map((p) => safePath(where, p));
    for (const p of paths) {
      if (seen.has(p))
        throw new FormatError({
          where,
          expected: 'each weights file listed once',
          received: `${p.slice(0, 80)} twice`,
          hint: 'The manifest is damaged: save the model again.',
        });
      seen.add(p);
    }
    const bytes = groupBytes(group.weights, where);
    total += bytes;
    if (total > MAX_WEIGHT_BYTES) groupBytes([{ dtype: 'float32', shape: [total] }], where);
    specs.push(...(group.weights as WeightSpec[]));
    groups.push({ paths, bytes });
  }
  // every size is checked against the manifest before anything is read, so a huge file is never read
  const chunks: Uint8Array[] = [];
  for (const { paths, bytes } of groups) {
    let left = bytes;
    for (const path of paths) {
      const chunk = readWeights(path, left);
      if (chunk === undefined)
        throw new FormatError({
          where,
          expected: `the weights file ${path.slice(0, 80)}`,
          received: 'no such file',
          hint: 'Copy model.json together with its weights file.',
        });
      if (chunk.length > left) tooLong(where, bytes, chunk.length);
      left -= chunk.length;
      chunks.push(chunk);
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

function tooLong(where: string, expected: number, received: number): never {
  throw new FormatError({
    where,
    expected: `${expected} bytes of weights (as the manifest lists)`,
    received: `${received} bytes`,
    hint: 'The weights file is truncated or belongs to another model.',
  });
}

/** One read of model.json and the weights it names; `vanished` is set when a named weights file was missing. */
function readOnce(fs: NodeFs, dir: string, where: string, state: { vanished: boolean }): ModelArtifacts {
  const refuse =
    (name: string) =>
    (reason: string): never => {
      throw new FormatError({
        where,
        expected: `${name} as a regular file inside ${dir}`,
        received: reason,
        hint: 'Loading reads only the files inside the model folder.',
      });
    };
  const bytes = readFileInside(fs, dir, 'model.json', MAX_JSON_BYTES, refuse('model.json'));
  if (bytes === undefined)
    throw new FormatError({
      where,
      expected: `model.json in ${dir}`,
      received: 'no such file',
      hint: 'Save a model there with model.save(dir).',
    });
  const read = (path: string, maxBytes: number) => {
    const chunk = readFileInside(fs, dir, path, maxBytes, (reason, size) =>
      size === undefined ? refuse(path.slice(0, 80))(reason) : tooLong(where, maxBytes, size),
    );
    if (chunk === undefined) state.vanished = true;
    return chunk;
  };
  return artifactsFromJson(new TextDecoder().decode(bytes), read, where);
}

/**
 * Reads model.json once and the weights files it names from `dir`: only regular files inside it, sizes checked
 * first. A save that replaced the model meanwhile (its weights gone) means one more read of the new version.
 */
export function readModelFiles(dir: string, where = 'loadModel()'): ModelArtifacts {
  const fs = nodeFs(where);
  for (let attempt = 0; ; attempt++) {
    const state = { vanished: false };
    try {
      return readOnce(fs, dir, where, state);
    } catch (e) {
      if (state.vanished && attempt < 20) continue;
      const code = (e as { code?: unknown })?.code;
      if (e instanceof FormatError || typeof code !== 'string') throw e;
      throw new FormatError({
        where,
        expected: `a readable model folder at ${dir}`,
        received: code,
        hint: 'Check that the path is a folder holding model.json and that you may read it.',
      });
    }
  }
}
