// The first tutorial: a 2→16→8→4→1 network learns a two-arm spiral with full-batch gradient descent.
// Run: npm run demo   (or: npx tsx examples/spiral.ts [epochs])
import * as st from 'strata-nn';

const epochs = Number(process.argv[2] ?? 1000);
st.setSeed(42);

const { x, y } = st.datasets.spiral({ samplesPerClass: 100, classes: 2, noise: 0.2, seed: 42 });

// He initialization and ReLU hidden layers, sigmoid output, as in the tutorial
const model = st.sequential({
  layers: [
    st.layers.dense({ units: 16, activation: 'relu', inputShape: [2], kernelInitializer: 'heNormal' }),
    st.layers.dense({ units: 8, activation: 'relu', kernelInitializer: 'heNormal' }),
    st.layers.dense({ units: 4, activation: 'relu', kernelInitializer: 'heNormal' }),
    st.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: 'heNormal' }),
  ],
});
model.compile({
  optimizer: st.optimizers.sgd({ learningRate: 0.5 }),
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
});
model.summary();

const started = performance.now();
await model.fit(x, y, {
  epochs,
  batchSize: x.shape[0],
  shuffle: false,
  verbose: 0,
  callbacks: [
    {
      onEpochEnd(epoch, logs) {
        if (epoch % 100 === 0)
          console.log(`Epoch ${epoch}: Loss = ${logs.loss.toFixed(4)}, Accuracy = ${logs.accuracy.toFixed(4)}`);
      },
    },
  ],
});
const seconds = (performance.now() - started) / 1000;

const { accuracy } = model.evaluate(x, y);
console.log(`\nFinal Accuracy: ${(accuracy * 100).toFixed(2)}%  (${epochs} epochs in ${seconds.toFixed(2)} s)`);
