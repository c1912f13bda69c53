// The second tutorial's architecture table: 4 inputs → 8 ReLU → 6 ReLU → 3 softmax, and its parameter count.
// Run: npx tsx examples/architecture.ts
import * as st from 'strata-nn';

const model = st.sequential({
  layers: [
    st.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
    st.layers.dense({ units: 6, activation: 'relu' }),
    st.layers.dense({ units: 3, activation: 'softmax' }),
  ],
});
model.summary();

// the tutorial's own arithmetic: (4·8 + 8) + (8·6 + 6) + (6·3 + 3)
console.log(
  `\nTotal Parameters: ${model.countParams()} (the tutorial computes ${4 * 8 + 8 + (8 * 6 + 6) + (6 * 3 + 3)})`,
);

const output = model.predict([[1.0, 2.0, 3.0, 4.0]]);
console.log('Output probabilities:', output.toArray());
console.log('Predicted class:', st.data.argMax(output).data[0]);
