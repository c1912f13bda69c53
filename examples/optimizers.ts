// The third tutorial's optimizer comparison on the circles set: [2, 16, 8, 1], 100 epochs, batch 32:
// gradient descent (lr 0.5), momentum (lr 0.5, the tutorial's v = 0.9v + 0.1g) and Adam (lr 0.01).
// Run: npx tsx examples/optimizers.ts [epochs]
import * as st from 'strata-nn';

const epochs = Number(process.argv[2] ?? 100);
const { x, y } = st.datasets.circles({ samples: 1000, noise: 0.1, factor: 0.5, seed: 42 });

const contenders: [string, () => st.Optimizer][] = [
  ['Standard GD', () => st.optimizers.sgd({ learningRate: 0.5 })],
  ['Momentum', () => st.optimizers.momentum({ learningRate: 0.5, momentum: 0.9, dampening: 0.9 })],
  ['Adam', () => st.optimizers.adam({ learningRate: 0.01, epsilon: 1e-8 })],
];

console.log('Comparing different optimizers...');
const results: string[] = [];
for (const [name, optimizer] of contenders) {
  st.setSeed(42); // the same initial weights and batch order for each
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 16, activation: 'relu', inputShape: [2], kernelInitializer: 'heNormal' }),
      st.layers.dense({ units: 8, activation: 'relu', kernelInitializer: 'heNormal' }),
      st.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: 'heNormal' }),
    ],
  });
  model.compile({ optimizer: optimizer(), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs, batchSize: 32, verbose: 0 });
  console.log(`${name}: final cost ${history.history.loss.at(-1)!.toFixed(6)}`);
  results.push(`${name}: ${(model.evaluate(x, y).accuracy * 100).toFixed(2)}%`);
}
console.log('\nFinal Accuracies:');
for (const line of results) console.log(line);
