// The third tutorial's final demonstration: circles(2000), 80/20 split, [2, 32, 16, 8, 1] ReLU, dropout 0.2,
// L2, Adam 0.001, batch 32, up to 500 epochs, early stopping with patience 30 and the best weights restored.
// Run: npx tsx examples/complete.ts [epochs]
import * as st from 'strata-nn';

const epochs = Number(process.argv[2] ?? 500);
st.setSeed(42);

const { x, y } = st.datasets.circles({ samples: 2000, noise: 0.1, factor: 0.5, seed: 42 });
const { xTrain, xTest: xVal, yTrain, yTest: yVal } = st.data.trainTestSplit(x, y, { testSize: 0.2, seed: 42 });
console.log(`Training: ${xTrain.shape[0]} examples\nValidation: ${xVal.shape[0]} examples`);

// The tutorial's cost adds λ/(2m)·ΣW² per mini-batch of m examples (gradient λ/m·W); Keras' l2 factor adds
// l2·ΣW² (gradient 2·l2·W), so λ = 0.01 with m = 32 is l2 = 0.01 / (2·32).
const LAMBDA = 0.01;
const BATCH = 32;
const l2 = () => st.regularizers.l2({ l2: LAMBDA / (2 * BATCH) });

const model = st.sequential({
  layers: [
    st.layers.dense({
      units: 32,
      activation: 'relu',
      inputShape: [2],
      kernelInitializer: 'heNormal',
      kernelRegularizer: l2(),
    }),
    st.layers.dropout({ rate: 0.2 }),
    st.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: l2() }),
    st.layers.dropout({ rate: 0.2 }),
    st.layers.dense({ units: 8, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: l2() }),
    st.layers.dropout({ rate: 0.2 }),
    st.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: 'heNormal', kernelRegularizer: l2() }),
  ],
});
model.compile({
  optimizer: st.optimizers.adam({ learningRate: 0.001, epsilon: 1e-8 }),
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
});

console.log('\nTraining network...');
const history = await model.fit(xTrain, yTrain, {
  epochs,
  batchSize: BATCH,
  validationData: [xVal, yVal],
  verbose: 0,
  callbacks: [
    st.callbacks.earlyStopping({ monitor: 'val_loss', patience: 30, restoreBestWeights: true }),
    {
      onEpochEnd(epoch, logs) {
        if (epoch % 50 === 0)
          console.log(`Epoch ${epoch}: Train = ${logs.loss.toFixed(6)}, Val = ${logs.val_loss.toFixed(6)}`);
      },
    },
  ],
});

if (history.stoppedEarly) console.log(`\nEarly stopping at epoch ${history.stoppedEpoch}`);
if (history.bestEpoch !== null)
  console.log(
    `Best validation cost: ${history.history.val_loss[history.bestEpoch].toFixed(6)} at epoch ${history.bestEpoch}`,
  );
console.log(`\nFinal Training Accuracy: ${(model.evaluate(xTrain, yTrain).accuracy * 100).toFixed(2)}%`);
console.log(`Final Validation Accuracy: ${(model.evaluate(xVal, yVal).accuracy * 100).toFixed(2)}%`);
