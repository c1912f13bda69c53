import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

describe('learning-rate schedules', () => {
  it('exponentialDecay: initial · rate^(step / decaySteps), floored with staircase', () => {
    const smooth = st.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(smooth.valueAt(0)).toBe(0.1);
    expect(smooth.valueAt(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(smooth.valueAt(20)).toBeCloseTo(0.025, 15);
    const stairs = st.schedules.exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.5,
      staircase: true,
    });
    expect(stairs.valueAt(19)).toBe(0.05);
  });

  it('cosineDecay: from the initial rate to alpha of it, then flat; with a linear warm-up', () => {
    const s = st.schedules.cosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    expect(s.valueAt(0)).toBe(1);
    expect(s.valueAt(50)).toBeCloseTo(0.55, 12);
    expect(s.valueAt(100)).toBeCloseTo(0.1, 12);
    expect(s.valueAt(1000)).toBeCloseTo(0.1, 12);
    const warm = st.schedules.cosineDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      warmupTarget: 1,
      warmupSteps: 10,
    });
    expect(warm.valueAt(5)).toBeCloseTo(0.55, 12);
    expect(warm.valueAt(10)).toBe(1);
  });

  it('piecewiseConstant: values[i] up to and including boundaries[i]', () => {
    const s = st.schedules.piecewiseConstant({ boundaries: [2, 4], values: [1, 0.5, 0.25] });
    expect([0, 1, 2, 3, 4, 5, 100].map((t) => s.valueAt(t))).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25]);
    expect(() => st.schedules.piecewiseConstant({ boundaries: [2], values: [1] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: piecewiseConstant(): expected values with one more entry than boundaries, got 1 values and 1 boundaries. For example boundaries: [100, 200], values: [0.1, 0.01, 0.001].]`,
    );
  });

  it('an optimizer steps along its schedule, and a number set later replaces it', () => {
    const schedule = st.schedules.piecewiseConstant({ boundaries: [0], values: [1, 0.1] });
    const optimizer = st.optimizers.sgd({ learningRate: schedule });
    const value = st.tensor([0], undefined, 'float64');
    const param: st.Param = { name: 'w', value, grad: st.tensor([1], undefined, 'float64'), trainable: true };
    expect(optimizer.learningRate).toBe(1);
    optimizer.step([param]);
    expect(value.data[0]).toBe(-1);
    expect(optimizer.learningRate).toBe(0.1);
    optimizer.step([param]);
    expect(value.data[0]).toBeCloseTo(-1.1, 15);
    optimizer.learningRate = 0.5;
    optimizer.step([param]);
    expect(value.data[0]).toBeCloseTo(-1.6, 15);
    expect(optimizer.config().learningRate).toBe(0.5);
  });
});
