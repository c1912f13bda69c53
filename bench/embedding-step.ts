// Training steps (one fit over 50 batches, per step) of Embedding 50,000 × 64 → GlobalAveragePooling1D → Dense 1 with SGD: the
// table stepped by the rows the batch used (the default) or whole (sparseRows removed, as before the sparse step).
// Run: npx tsx bench/embedding-step.ts [vocabulary=50000] [width=64] [repeats=7]
import * as st from 'strata-nn';

const vocabulary = Number(process.argv[2] ?? 50_000);
const width = Number(process.argv[3] ?? 64);
const repeats = Number(process.argv[4] ?? 7);
const [batch, time, steps] = [32, 20, 50];

async function stepTimes(sparse: boolean): Promise<number[]> {
  st.setSeed(1);
  const model = st.sequential({
    layers: [
      st.layers.embedding({ inputDim: vocabulary, outputDim: width, inputShape: [time] }),
      st.layers.globalAveragePooling1d(),
      st.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
  model.build();
  if (!sparse) delete (model.layers[0].params()[0] as { sparseRows?: unknown }).sparseRows;
  const n = batch * steps;
  const x = st.tensor(
    Int32Array.from({ length: n * time }, (_, i) => (i * 7919) % vocabulary),
    [n, time],
  );
  const y = Array.from({ length: n }, (_, i) => [i % 2]);
  const times: number[] = [];
  for (let i = 0; i < repeats + 1; i++) {
    const start = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0, shuffle: false });
    if (i >= 1) times.push((performance.now() - start) / steps);
  }
  return times;
}

const summary = (t: number[]) => {
  const s = [...t].sort((a, b) => a - b);
  return `median ${s[s.length >> 1].toFixed(2)} ms (min ${s[0].toFixed(2)}, max ${s[s.length - 1].toFixed(2)})`;
};
console.log(
  `Embedding ${vocabulary} × ${width}, batch ${batch} × ${time} ids, SGD, time per step (${repeats} fits of ${steps} steps)`,
);
console.log(`whole table: ${summary(await stepTimes(false))}`);
console.log(`used rows:   ${summary(await stepTimes(true))}`);
