import { ConfigError, DataError } from '../../core/errors.js';
import { nodeFs } from '../../core/node-fs.js';

/**
 * Where a CSV comes from, opened again for each pass: a file path (Node), a Blob or File (browser), or a function
 * returning a fresh ReadableStream or async iterable of bytes or text.
 */
export type TextSource =
  | string
  | Blob
  | (() => ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>);

const CHUNK = 1 << 20;

/** The source's text in chunks, decoded as UTF-8 (a character split between chunks is kept whole). */
export async function* textChunks(source: TextSource, where: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  if (typeof source === 'string') {
    yield* fileChunks(source, where, decoder);
    return;
  }
  const opened: unknown = typeof source === 'function' ? source() : (source as Blob | undefined)?.stream?.();
  if (opened && typeof (opened as ReadableStream).getReader === 'function') {
    const reader = (opened as ReadableStream<Uint8Array>).getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read())
        yield decoder.decode(r.value, { stream: true });
    } finally {
      reader.releaseLock();
    }
  } else if (opened && (Symbol.asyncIterator in (opened as object) || Symbol.iterator in (opened as object))) {
    for await (const chunk of opened as AsyncIterable<Uint8Array | string>)
      yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  } else
    throw new ConfigError({
      where,
      expected: 'a file path, a Blob or File, or a function returning a stream of the CSV',
      received: source === null ? 'null' : typeof source,
      hint: "In Node pass the path ('data/big.csv'); in a browser, the File from an <input type=file>.",
    });
  const rest = decoder.decode();
  if (rest) yield rest;
}

function* fileChunks(path: string, where: string, decoder: TextDecoder): Generator<string> {
  const fs = nodeFs(where);
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DataError({
      where,
      expected: 'a readable CSV file',
      received: `${path} (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`,
      hint:
        code === 'ENOENT'
          ? 'Check the path; it is read relative to the current folder.'
          : 'Check the file and its permissions.',
    });
  }
  try {
    if (!fs.fstatSync(fd).isFile())
      throw new DataError({
        where,
        expected: 'a regular CSV file',
        received: `${path} (not a regular file)`,
        hint: 'Pass the path of the CSV file itself, not a folder or device.',
      });
    const buffer = new Uint8Array(CHUNK);
    for (let n = fs.readSync(fd, buffer, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buffer, 0, CHUNK, null))
      yield decoder.decode(buffer.subarray(0, n), { stream: true });
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    fs.closeSync(fd);
  }
}
