// Forecasting a noisy sine one step ahead with an LSTM: the series is cut into 20-step windows
// (st.datasets.noisySine, which uses st.data.timeseriesWindows), the last 20% of windows are held out in time order,
// and the test error is compared with the naive forecast "the next value equals the last one".
// Run: npx tsx examples/forecast-sine.ts [epochs=20]
import * as st from 'strata-nn';

const epochs = Number(process.argv[2] ?? 20);
const window = 20;
st.setSeed(5);

const { x, y } = st.datasets.noisySine({ steps: 1000, period: 50, noise: 0.1, window, horizon: 1, seed: 5 });
// no shuffle: the test windows come after every training window, so no future leaks into training
const { xTrain, xTest, yTrain, yTest } = st.data.trainTestSplit(x, y, { testSize: 0.2, shuffle: false });
console.log(`Windows: ${xTrain.shape[0]} for training, ${xTest.shape[0]} for testing, ${window} steps each`);

const model = st.sequential({
  layers: [st.layers.lstm({ units: 16, inputShape: [window, 1] }), st.layers.dense({ units: 1 })],
});
model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.01 }), loss: 'meanSquaredError', metrics: ['mae'] });
model.summary();

await model.fit(xTrain, yTrain, {
  epochs,
  batchSize: 32,
  verbose: 0,
  callbacks: [
    {
      onEpochEnd: (epoch, logs) =>
        void (
          (epoch % 5 === 0 || epoch === epochs - 1) &&
          console.log(`Epoch ${epoch + 1}/${epochs}: loss ${logs.loss.toFixed(4)}, mae ${logs.mae.toFixed(4)}`)
        ),
    },
  ],
});

const { loss } = model.evaluate(xTest, yTest);
// the naive forecast: each window's last value
let naive = 0;
for (let i = 0; i < xTest.shape[0]; i++) naive += (xTest.data[(i + 1) * window - 1] - yTest.data[i]) ** 2;
naive /= xTest.shape[0];
console.log(`Test MSE: ${loss.toFixed(4)} (naive last-value forecast: ${naive.toFixed(4)}; noise floor 0.0100)`);

const forecast = model.predict(xTest).data;
console.log('First test steps (true → forecast):');
for (let i = 0; i < 5; i++) console.log(`  ${yTest.data[i].toFixed(3)} → ${forecast[i].toFixed(3)}`);
