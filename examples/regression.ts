// The fourth tutorial: a network of linear ("none") activations trained on a regression target with MSE.
// A stack of linear layers is still one linear map, so it recovers y = 3·x₁ − 2·x₂ + 1.
// Run: npx tsx examples/regression.ts [epochs]
import * as st from 'strata-nn';

const epochs = Number(process.argv[2] ?? 200);
st.setSeed(2);

const rng = new st.Rng(2);
const x = Array.from({ length: 200 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
const y = x.map(([a, b]) => 3 * a - 2 * b + 1 + 0.05 * rng.normal());

const model = st.sequential({
  layers: [
    st.layers.dense({
      units: 4,
      activation: 'linear',
      inputShape: [2],
      kernelInitializer: st.initializers.randomNormal({ stddev: 0.5 }),
    }),
    st.layers.dense({ units: 1, activation: 'linear' }),
  ],
});
model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.05 }), loss: 'meanSquaredError', metrics: ['mae'] });

const history = await model.fit(x, y, {
  epochs,
  batchSize: 200,
  verbose: 0,
  callbacks: [
    {
      onEpochEnd: (epoch, logs) =>
        void (epoch % 50 === 0 && console.log(`Cost is ${logs.loss.toFixed(4)} on iteration ${epoch}`)),
    },
  ],
});
console.log(`\nFinal MSE: ${history.history.loss.at(-1)!.toFixed(5)}`);

// read the learned linear map off the model: f(0,0) is the intercept, f(e_i) − f(0) the slopes
const [origin, e1, e2] = model.predict([
  [0, 0],
  [1, 0],
  [0, 1],
]).data;
console.log(
  `Learned: y ≈ ${(e1 - origin).toFixed(3)}·x₁ + ${(e2 - origin).toFixed(3)}·x₂ + ${origin.toFixed(3)}  (true: 3, −2, 1)`,
);
