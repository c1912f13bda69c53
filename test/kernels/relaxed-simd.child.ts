// Run by wasm-runtime.test.ts under `node --experimental-wasm-relaxed-simd` (Node 20 has relaxed SIMD only behind
// that flag): instantiates both builds and prints how far the relaxed (FMA) results are from the plain ones.
import { Rng } from '../../src/core/rng.js';
import { createWasmKernels, instantiateKernels } from '../../src/kernels/wasm/index.js';

const relaxed = instantiateKernels({ build: 'relaxed' });
const plain = instantiateKernels({ build: 'simd' });
const [kr, kp] = [createWasmKernels(() => relaxed), createWasmKernels(() => plain)];
const rng = new Rng(3);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
let worst = 0;
const compare = (a: Float32Array, b: Float32Array, scale: number) => {
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
};
for (const [m, k, n] of [
  [7, 13, 5],
  [33, 260, 17],
  [128, 64, 40],
]) {
  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    const [a, b] = [random(m * k), random(k * n)];
    const [outR, outP] = [new Float32Array(m * n), new Float32Array(m * n)];
    kr.matmul(a, b, outR, m, k, n, ta, tb, false);
    kp.matmul(a, b, outP, m, k, n, ta, tb, false);
    compare(outR, outP, Math.sqrt(k));
  }
}
const x = random(101).map((v) => 8 * v);
for (const name of ['sigmoid', 'tanh', 'swish', 'relu'] as const) {
  const [outR, outP] = [new Float32Array(101), new Float32Array(101)];
  kr[name](x, outR);
  kp[name](x, outP);
  compare(outR, outP, 1);
}
console.log(JSON.stringify({ build: relaxed.build, worst }));
