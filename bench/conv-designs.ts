// npx tsx bench/conv-designs.ts [--nets cnn-small,cnn-keras] [--designs forward,filter,input] [--batch N]: each
// convolution design of wasm/assembly/conv.ts called by its own export (not through the chooser) on the benchmark
// nets' layer shapes, arrays resident in WebAssembly memory, one thread; the designs of one layer and pass are
// timed in turn (so a busy spell of the machine hits all). Prints GFLOP/s per design, median (min–max) of 15
// samples of 5 calls. A design is called only where its conditions hold (see conv.ts's choosers).
import { selectKernels } from '../src/kernels/select.js';
import { wasmRuntime } from '../src/kernels/wasm/index.js';
import { convScratchLength, type ConvWindow } from '../src/kernels/windows.js';

const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i].startsWith('--')) flags.set(process.argv[i].slice(2), process.argv[i + 1] ?? '');
const nets = (flags.get('nets') ?? 'cnn-small,cnn-keras').split(',');
const passes = (flags.get('designs') ?? 'forward,filter,input').split(',');
const batch = Number(flags.get('batch') ?? 64);

selectKernels({ prefer: 'wasm', threads: 1 });
const heap = wasmRuntime().heap;
const exports = wasmRuntime().exports as Record<string, (...args: number[]) => void>;
const random = (n: number) => {
  const a = heap.allocateFloat32(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
};
const at = (a: Float32Array) => heap.offset(a);

// [net, size, channels, filters, kernel, pad]
const LAYERS: [string, number, number, number, number, number][] = [
  ['cnn-small', 28, 1, 8, 5, 2],
  ['cnn-small', 14, 8, 16, 5, 2],
  ['cnn-keras', 28, 1, 32, 3, 0],
  ['cnn-keras', 26, 32, 64, 3, 0],
];
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

for (const [net, size, C, F, k, pad] of LAYERS) {
  if (!nets.includes(net)) continue;
  const out = size + 2 * pad - k + 1;
  const w: ConvWindow = {
    batch,
    inHeight: size,
    inWidth: size,
    channels: C,
    filters: F,
    outHeight: out,
    outWidth: out,
    kernelHeight: k,
    kernelWidth: k,
    strideHeight: 1,
    strideWidth: 1,
    dilationHeight: 1,
    dilationWidth: 1,
    padTop: pad,
    padLeft: pad,
  };
  const x = random(batch * size * size * C);
  const kernel = random(k * k * C * F);
  const bias = random(F);
  const y = heap.allocateFloat32(batch * out * out * F);
  const dy = random(y.length);
  const dx = heap.allocateFloat32(x.length);
  const dk = heap.allocateFloat32(kernel.length);
  // room for every design: the transposed input gradient's flipped kernel and dy patches included
  const length = Math.max(convScratchLength(w), k * k * F * (C + size * size));
  const scratch = heap.allocateFloat32(length);
  const geometry = [batch, size, size, C, out, out, k, k, 1, 1, 1, 1, pad, pad, F];
  const flop = 2 * batch * out * out * k * k * C * F;
  const designs: Record<string, [string, () => void][]> = {
    forward: ['conv2dNarrow', 'conv2dDirect', 'conv2dIm2col'].map((name) => [
      name,
      () => exports[name](at(x), at(kernel), at(bias), at(y), at(scratch), ...geometry, 1),
    ]),
    filter: ['conv2dBackwardFilterNarrow', 'conv2dBackwardFilterDirect', 'conv2dBackwardFilterIm2col'].map((name) => [
      name,
      () => exports[name](at(x), at(dy), at(dk), at(scratch), ...geometry, 0),
    ]),
    // the narrow and transposed forms need channels a multiple of 8 (narrow) and a stride of 1 (both)
    input: ['conv2dBackwardInputNarrow', 'conv2dBackwardInputTransposed', 'conv2dBackwardInputCol2im']
      .filter((name) => C % 8 === 0 || name !== 'conv2dBackwardInputNarrow')
      .map((name) => [name, () => exports[name](at(dy), at(kernel), at(dx), at(scratch), ...geometry, length)]),
  };
  for (const pass of passes) {
    const fns = designs[pass];
    const ms = fns.map(() => [] as number[]);
    for (const [, fn] of fns) for (let i = 0; i < 5; i++) fn();
    for (let r = 0; r < 15; r++)
      fns.forEach(([, fn], j) => {
        const t0 = performance.now();
        for (let i = 0; i < 5; i++) fn();
        ms[j].push((performance.now() - t0) / 5);
      });
    const g = (t: number) => (flop / t / 1e6).toFixed(1);
    console.log(
      `${net} ${size}×${size}×${C} → ${F}, ${k}×${k}, ${pass}: ` +
        fns
          .map(([name], j) => `${name} ${g(median(ms[j]))} (${g(Math.max(...ms[j]))}–${g(Math.min(...ms[j]))})`)
          .join(', '),
    );
  }
}
