// the WebAssembly runtime around the kernels: memory growth, the allocator, the unshared fallback, both builds
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allocate, setFloat32Allocator } from '../../src/core/types.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import { selectKernels, workingMemoryFor } from '../../src/kernels/select.js';
import { simdBase64 } from '../../src/kernels/wasm/generated/modules.js';
import { classBytes, sizeClass } from '../../src/kernels/wasm/heap.js';
import {
  createWasmKernels,
  instantiateKernels,
  ResidentFloat32Array,
  unshareMemoryImport,
  wasmKernels,
} from '../../src/kernels/wasm/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i - n / 2);

describe('tensors resident in a shared WebAssembly memory', () => {
  const rt = instantiateKernels();
  const k = createWasmKernels(() => rt);

  it('uses a shared memory on Node 20 (no flag needed)', () => {
    expect(rt.shared).toBe(true);
    expect(rt.heap.view().buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('memory.grow() does not detach old tensors: they still read, and still pass by pointer', () => {
    const old = rt.heap.allocateFloat32(1000);
    old.set(ramp(1000));
    const pointer = rt.heap.offset(old);
    const before = rt.heap.view().buffer.byteLength;
    const big = rt.heap.allocateFloat32(8 << 20); // 32 MB: the memory must grow
    expect(rt.heap.view().buffer.byteLength).toBeGreaterThan(before);
    expect(old.buffer).not.toBe(rt.heap.view().buffer); // the old SharedArrayBuffer object, same memory
    expect(Array.from(old.subarray(0, 3))).toEqual([-500, -499, -498]);
    expect(rt.heap.offset(old)).toBe(pointer);
    expect(rt.heap.offset(big)).toBeGreaterThan(pointer);
    // the kernels read and write the old view in place (no copy: the result shows through the old view)
    const out = rt.heap.allocateFloat32(1000);
    k.relu(old, out);
    k.mul(old, old, old);
    expect(out[0]).toBe(0);
    expect(out[999]).toBe(499);
    expect(old[0]).toBe(250_000);
    expect(big.length).toBe(8 << 20);
  });

  it('size classes waste at most 25%, and a released block comes back zeroed', () => {
    for (const bytes of [1, 64, 65, 100, 128, 129, 1000, 4096, 5000, 1 << 20, 188_160_000]) {
      const cls = sizeClass(bytes);
      expect(classBytes(cls)).toBeGreaterThanOrEqual(bytes);
      expect(classBytes(cls)).toBeLessThanOrEqual(Math.max(64, 1.25 * bytes));
      expect(classBytes(cls) % 16).toBe(0);
    }
    const a = rt.heap.allocateFloat32(10).fill(7);
    const at = rt.heap.offset(a);
    rt.heap.release(at, sizeClass(40)); // what the finalizer does once no view of the block is left
    const b = rt.heap.allocateFloat32(10);
    expect(rt.heap.offset(b)).toBe(at);
    expect(Array.from(b)).toEqual(new Array(10).fill(0));
  });

  it('release() frees a block at once (a disposed tensor), once; subarrays and foreign arrays are ignored', () => {
    const a = rt.heap.allocateFloat32(100);
    const at = rt.heap.offset(a);
    const live = rt.heap.liveBytes;
    rt.heap.releaseFloat32(a.subarray(0, 10));
    rt.heap.releaseFloat32(new Float32Array(100));
    expect(rt.heap.liveBytes).toBe(live);
    rt.heap.releaseFloat32(a);
    rt.heap.releaseFloat32(a);
    expect(rt.heap.liveBytes).toBe(live - classBytes(sizeClass(400)));
    expect(rt.heap.offset(rt.heap.allocateFloat32(100))).toBe(at);
  });

  it('subarrays stay resident views (they keep their parent alive); slice copies', () => {
    const a = rt.heap.allocateFloat32(16);
    const view = a.subarray(4, 8);
    expect(view).toBeInstanceOf(ResidentFloat32Array);
    expect(rt.heap.offset(view)).toBe(rt.heap.offset(a) + 16);
    // copies are ordinary memory: working memory holds only what a model call placed
    expect(rt.heap.offset(a.slice(0, 4))).toBe(-1);
    expect(rt.heap.offset(a.map((v) => v + 1))).toBe(-1);
  });
});

describe('the SIMD exp', () => {
  it('is within 3 ulp of Math.exp from -87 to 88, and 0 below the float32 normal range', () => {
    const rt = instantiateKernels();
    const n = 40_001;
    const x = rt.heap.allocateFloat32(n);
    const out = rt.heap.allocateFloat32(n);
    for (let i = 0; i < n; i++) x[i] = -87 + (175 * i) / (n - 1);
    rt.exports.exp(rt.heap.offset(x), rt.heap.offset(out), n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(out[i] / Math.exp(x[i]) - 1));
    expect(worst).toBeLessThan(3 * 2 ** -23);
    x.set([-88, -100, -Infinity, Number.NaN]);
    rt.exports.exp(rt.heap.offset(x), rt.heap.offset(out), 4);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, Number.NaN]);
  });
});

describe('the SIMD log', () => {
  it('is within 2 ulp of Math.log for positive normal floats, and exact in its error near 1', () => {
    const rt = instantiateKernels();
    const n = 60_001;
    const x = rt.heap.allocateFloat32(n);
    const out = rt.heap.allocateFloat32(n);
    // 1e-37 … 1e38 geometrically, then a dense sweep around 1 where ln x → 0 and only a relative bound is honest
    for (let i = 0; i < 40_000; i++) x[i] = 10 ** (-37 + (75 * i) / 39_999);
    for (let i = 40_000; i < n; i++) x[i] = 0.5 + (i - 40_000) / 20_000;
    rt.exports.log(rt.heap.offset(x), rt.heap.offset(out), n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const ref = Math.log(x[i]);
      worst = Math.max(worst, Math.abs(out[i] - ref) / Math.max(Math.abs(ref), 2 ** -126));
    }
    expect(worst).toBeLessThan(2 * 2 ** -23);
  });
});

describe('an ordinary (unshared) memory, for browsers without cross-origin isolation', () => {
  it('the import is patched by one byte, and the module still validates', () => {
    const bytes = Uint8Array.from(atob(simdBase64), (c) => c.charCodeAt(0));
    const patched = unshareMemoryImport(bytes);
    const changed = bytes.map((b, i) => (b === patched[i] ? 0 : 1)).reduce((s, d) => s + d, 0);
    expect(changed).toBe(1);
    expect(WebAssembly.validate(patched)).toBe(true);
  });

  it('runs every call through scratch, also across memory growth', () => {
    const rt = instantiateKernels({ shared: false });
    const k = createWasmKernels(() => rt);
    expect(rt.shared).toBe(false);
    // sums of ones are exact in float32 below 2²⁴; the 3M-float call grows (and detaches) the memory
    for (const depth of [5, 3 << 20, 7]) {
      const out = new Float32Array(3);
      k.matmul(
        new Float32Array(3 * depth).fill(1),
        new Float32Array(depth).fill(1),
        out,
        3,
        depth,
        1,
        false,
        false,
        false,
      );
      expect(Array.from(out)).toEqual([depth, depth, depth]);
      k.addRowVector(out, new Float32Array([1, 2, 3]), out, 1, 3);
      expect(Array.from(out)).toEqual([depth + 1, depth + 2, depth + 3]);
    }
  });
});

describe('selectKernels', () => {
  afterAll(() => void setFloat32Allocator(null));

  it("prefer 'wasm' returns the WebAssembly kernels with their working memory; float32 tensors stay ordinary", () => {
    const k = selectKernels({ prefer: 'wasm' });
    expect(k).toBe(wasmKernels);
    expect(workingMemoryFor(k)).not.toBeNull();
    expect(allocate('float32', 4)).not.toBeInstanceOf(ResidentFloat32Array);
    expect(allocate('float64', 4)).toBeInstanceOf(Float64Array);
  });

  it("resident: false gives the kernels without working memory; prefer 'js' gives the TypeScript ones", () => {
    const copying = selectKernels({ prefer: 'wasm', resident: false });
    expect(copying.name).toBe('wasm');
    expect(workingMemoryFor(copying)).toBeNull();
    expect(allocate('float32', 4)).not.toBeInstanceOf(ResidentFloat32Array);
    selectKernels({ prefer: 'wasm' });
    expect(selectKernels({ prefer: 'js' })).toBe(jsKernels);
    expect(workingMemoryFor(jsKernels)).toBeNull();
    expect(allocate('float32', 4)).not.toBeInstanceOf(ResidentFloat32Array);
  });
});

describe('the builds', () => {
  it('the relaxed-SIMD (FMA) build instantiates where the engine has it, and agrees with the plain build', () => {
    const out = execFileSync(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--import', 'tsx', 'test/kernels/relaxed-simd.child.ts'],
      { cwd: root, encoding: 'utf8' },
    );
    const { build, worst } = JSON.parse(out.trim().split('\n').pop()!) as { build: string; worst: number };
    expect(build).toBe('relaxed');
    expect(worst).toBeLessThan(1e-5);
  });

  it('without the flag, Node 20 rejects the relaxed build and auto-selection takes the plain one', () => {
    expect(instantiateKernels().build).toBe(process.versions.node.startsWith('20.') ? 'simd' : 'relaxed');
  });

  it('the embedded module is up to date with wasm/', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-wasm.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toMatch(/up to date/);
  });
});
