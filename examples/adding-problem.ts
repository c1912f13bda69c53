// The adding problem (Hochreiter & Schmidhuber 1997): two of `length` values are marked and the target is their sum.
// Predicting the mean (≈ 1) gives a mean squared error of about 1/6 ≈ 0.167; a network has to carry the first marked
// value across half the sequence to do better. SimpleRNN's gradient fades over that distance; LSTM's and GRU's
// additive state carries it. Prints the test MSE of each next to that baseline.
// The default is length 50 with 4,000 sequences for 8 epochs (minutes), where LSTM leaves the plateau after about 700
// steps (epoch 5) and both end near 0.001. The length-100 comparison needs more steps (LSTM was still on the
// plateau after 1,000); `npx tsx examples/adding-problem.ts 100 30 10000` (9,400 steps of 32) printed, on this
// machine's two shared cores (heavily loaded, so the times are long):
//   SimpleRNN test MSE: 0.1715 (38.2 s)    ← still the baseline: it learned no more than the mean
//   LSTM      test MSE: 0.0001 (719.5 s)
//   GRU       test MSE: 0.0000 (964.7 s)
// Run: npx tsx examples/adding-problem.ts [length=50] [epochs=8] [samples=4000]
import * as st from 'strata-nn';

const length = Number(process.argv[2] ?? 50);
const epochs = Number(process.argv[3] ?? 8);
const samples = Number(process.argv[4] ?? 4000);
const units = 32;

const train = st.datasets.addingProblem({ samples, length, seed: 1 });
const test = st.datasets.addingProblem({ samples: 500, length, seed: 2 });
console.log(`Adding problem: length ${length}, ${samples} training sequences, ${epochs} epochs, ${units} units`);
console.log(`Baseline (always predict 1): test MSE ≈ 0.167`);

const cells = {
  SimpleRNN: () => st.layers.simpleRNN({ units, inputShape: [length, 2] }),
  LSTM: () => st.layers.lstm({ units, inputShape: [length, 2] }),
  GRU: () => st.layers.gru({ units, inputShape: [length, 2] }),
};
for (const [name, layer] of Object.entries(cells)) {
  st.setSeed(3);
  const model = st.sequential({ layers: [layer(), st.layers.dense({ units: 1 })] });
  model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.01 }), loss: 'meanSquaredError' });
  const start = performance.now();
  await model.fit(train.x, train.y, { epochs, batchSize: 32, verbose: 0 });
  const seconds = (performance.now() - start) / 1000;
  const { loss } = model.evaluate(test.x, test.y);
  console.log(`${name.padEnd(9)} test MSE: ${loss.toFixed(4)} (${seconds.toFixed(1)} s)`);
}
