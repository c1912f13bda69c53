// The third tutorial's gradient check: backpropagation against (cost(θ + ε) − cost(θ − ε)) / 2ε on a small network.
// Run: npx tsx examples/gradient-check.ts
import * as st from 'strata-nn';

st.setSeed(1);
const { x, y } = st.datasets.circles({ samples: 10, noise: 0.1, factor: 0.5, seed: 1 });
const network = st.sequential({
  layers: [
    st.layers.dense({ units: 5, activation: 'relu', inputShape: [2], kernelInitializer: 'heNormal' }),
    st.layers.dense({ units: 3, activation: 'relu', kernelInitializer: 'heNormal' }),
    st.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
network.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });

const { difference, passed, perParameter } = st.gradientCheck(network, x, y, { epsilon: 1e-7 });
if (passed) console.log(`Gradient check passed! Difference: ${difference.toFixed(10)}`);
else console.log(`WARNING: Gradient check failed! Difference: ${difference.toFixed(10)}`);
for (const p of perParameter)
  console.log(`  ${p.name.padEnd(16)} worst relative error ${p.maxRelativeError.toExponential(2)}`);
