// The second tutorial's Keras model: 1000 examples × 20 features, 3 classes; Dense-BN-Dropout blocks, Adam,
// sparse categorical cross-entropy, 50 epochs, batch 32, validationSplit 0.2.
// Run: npx tsx examples/keras-classification.ts [epochs]
import * as st from 'strata-nn';

const epochs = Number(process.argv[2] ?? 50);
st.setSeed(42);

const { x, y } = st.datasets.makeClassification({ samples: 1000, features: 20, informative: 15, classes: 3, seed: 42 });
const { xTrain, xTest, yTrain, yTest } = st.data.trainTestSplit(x, y, { testSize: 0.2, seed: 42 });
const scaler = st.data.standardScaler();
const xTrainScaled = scaler.fitTransform(xTrain);
const xTestScaled = scaler.transform(xTest);

const model = st.sequential({
  layers: [
    st.layers.dense({ units: 64, activation: 'relu', inputShape: [20] }),
    st.layers.batchNormalization(),
    st.layers.dropout({ rate: 0.3 }),
    st.layers.dense({ units: 32, activation: 'relu' }),
    st.layers.batchNormalization(),
    st.layers.dropout({ rate: 0.3 }),
    st.layers.dense({ units: 16, activation: 'relu' }),
    st.layers.batchNormalization(),
    st.layers.dropout({ rate: 0.2 }),
    st.layers.dense({ units: 3, activation: 'softmax' }),
  ],
});
model.compile({
  optimizer: st.optimizers.adam({ learningRate: 0.001 }),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});
model.summary();

console.log('\nTraining deep neural network...');
const history = await model.fit(xTrainScaled, yTrain, { epochs, batchSize: 32, validationSplit: 0.2, verbose: 0 });
const last = history.epoch.length - 1;
console.log(
  `Last epoch: loss ${history.history.loss[last].toFixed(4)}, accuracy ${history.history.accuracy[last].toFixed(4)}, ` +
    `val_loss ${history.history.val_loss[last].toFixed(4)}, val_accuracy ${history.history.val_accuracy[last].toFixed(4)}`,
);

const { accuracy } = model.evaluate(xTestScaled, yTest);
console.log(`\nTest Accuracy: ${(accuracy * 100).toFixed(2)}%`);
