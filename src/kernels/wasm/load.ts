import { relaxedBase64, simdBase64 } from './generated/modules.js';
import { WasmHeap } from './heap.js';

/** The module's exports: pointer-level kernels plus the heap and GEMM set-up functions. */
export type WasmExports = Record<string, (...args: (number | boolean)[]) => number>;

/** Which build runs: relaxed SIMD (fused multiply-add) where the engine validates it, plain SIMD128 otherwise. */
export type WasmBuild = 'relaxed' | 'simd';

/** An instantiated kernel module with its memory and the host-side heap over it. */
export interface WasmRuntime {
  readonly exports: WasmExports;
  readonly heap: WasmHeap;
  readonly build: WasmBuild;
  /** Shared memory never detaches views when it grows, so tensors can live in it. */
  readonly shared: boolean;
  /** The compiled module and its memory, which worker threads instantiate again over the same bytes. */
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
}

export interface LoadOptions {
  /** 'auto' (default) picks relaxed when `WebAssembly.validate` accepts it. */
  build?: WasmBuild | 'auto';
  /** 'auto' (default) tries a shared memory first; false forces an ordinary one (copy path only). */
  shared?: boolean | 'auto';
  /** The most 64 KiB pages the memory may grow to (default 65,536: 4 GiB); tests use a small one. */
  maximumPages?: number;
}

const MAX_PAGES = 65_536; // 4 GiB: the most wasm32 can address; a shared memory reserves it, commits on use

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The same module with its imported memory declared unshared (limits flag 0x03 → 0x01), for engines where a shared
 * memory cannot be created (browsers without cross-origin isolation). One byte changes; nothing else moves.
 */
export function unshareMemoryImport(module: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(module);
  let pos = 8;
  const leb = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const limits = (): void => {
    const flags = bytes[pos++];
    leb();
    if (flags & 1) leb();
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const end = leb() + pos;
    if (id !== 2) {
      pos = end;
      continue;
    }
    for (let count = leb(); count > 0; count--) {
      // module and field names (the length is read before pos moves past it)
      for (let name = 0; name < 2; name++) {
        const length = leb();
        pos += length;
      }
      const kind = bytes[pos++];
      if (kind === 0) leb();
      else if (kind === 1) {
        pos++; // element type
        limits();
      } else if (kind === 3) pos += 2;
      else if (kind === 2) {
        if (bytes[pos] === 0x03) bytes[pos] = 0x01;
        limits();
      }
    }
    break;
  }
  return bytes;
}

function createMemory(shared: boolean, maximum: number): WebAssembly.Memory | null {
  try {
    return new WebAssembly.Memory({ initial: 1, maximum, shared });
  } catch {
    return null;
  }
}

/**
 * Compiles and instantiates the kernels synchronously from the embedded bytes (about 30 KB: Chrome allows sync
 * compilation on the main thread up to 8 MB since version 114, 4 KB before; older engines throw and the caller
 * falls back to the TypeScript kernels).
 */
export function instantiateKernels(options: LoadOptions = {}): WasmRuntime {
  const relaxed = decode(relaxedBase64);
  const wanted = options.build ?? 'auto';
  const build: WasmBuild = wanted === 'auto' ? (WebAssembly.validate(relaxed) ? 'relaxed' : 'simd') : wanted;
  let bytes = build === 'relaxed' ? relaxed : decode(simdBase64);
  const maximum = options.maximumPages ?? MAX_PAGES;
  let memory = options.shared === false ? null : createMemory(true, maximum);
  const shared = memory !== null;
  if (memory === null) {
    memory = createMemory(false, maximum)!;
    bytes = unshareMemoryImport(bytes);
  }
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as WasmExports;
  const heap = new WasmHeap(memory, shared, exports.heapBase());
  const work = heap.alloc(exports.gemmWorkBytes());
  if (work < 0) throw heap.exhausted(exports.gemmWorkBytes());
  exports.gemmInit(work);
  return { exports, heap, build, shared, module, memory };
}
