import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { adagrad } from '../../src/optimizers/adagrad.js';
import { adam, adamw } from '../../src/optimizers/adam.js';
import { optimizers, resolveOptimizer, type OptimizerName } from '../../src/optimizers/index.js';
import { momentum } from '../../src/optimizers/momentum.js';
import type { Optimizer } from '../../src/optimizers/optimizer.js';
import { rmsprop } from '../../src/optimizers/rmsprop.js';
import { sgd } from '../../src/optimizers/sgd.js';
import type { Param } from '../../src/tensor/param.js';
import { Tensor } from '../../src/tensor/tensor.js';

const START = [0.5, -1.2, 2.0, 0.1];
/** One gradient per step; mixed signs and sizes. */
const GRADS = [
  [0.3, -0.7, 1.1, 0.05],
  [-0.2, 0.4, 0.9, -0.5],
  [0.6, 0.1, -1.3, 0.25],
];

function makeParam(values: number[], name = 'w', trainable = true, dtype: 'float32' | 'float64' = 'float64'): Param {
  const data = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  return {
    name,
    value: new Tensor(data, [2, values.length / 2], dtype),
    grad: new Tensor(
      dtype === 'float64' ? new Float64Array(values.length) : new Float32Array(values.length),
      [2, values.length / 2],
      dtype,
    ),
    trainable,
  };
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], rtol = 1e-13): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i] - expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(
      rtol * Math.max(1, Math.abs(expected[i])),
    );
}

/** A reference rule: takes the step number t (from 1), the gradient and the learning rate; mutates p. */
type Reference = (p: number[], g: number[], lr: number, t: number) => void;

/** Steps the optimizer and the reference side by side over GRADS, comparing p after each step. */
function compareSteps(optimizer: Optimizer, reference: Reference, learningRates?: number[]): void {
  const param = makeParam(START);
  const p = [...START];
  GRADS.forEach((g, i) => {
    if (learningRates) optimizer.learningRate = learningRates[i];
    param.grad.data.set(g);
    optimizer.step([param]);
    reference(p, g, learningRates ? learningRates[i] : optimizer.learningRate, i + 1);
    expectClose(param.value.data, p);
  });
  expect(optimizer.iterations).toBe(GRADS.length);
}

/** Per-element state for the references. */
const zerosLike = () => START.map(() => 0);

function sgdReference(): Reference {
  return (p, g, lr) => g.forEach((gi, i) => (p[i] -= lr * gi));
}

/** Keras SGD: v = μv − lr·g; p += v (nesterov: p += μv − lr·g). */
function kerasSgdMomentumReference(mu: number, nesterov: boolean): Reference {
  const v = zerosLike();
  return (p, g, lr) =>
    g.forEach((gi, i) => {
      v[i] = mu * v[i] - lr * gi;
      p[i] += nesterov ? mu * v[i] - lr * gi : v[i];
    });
}

/** Documented: v = μv + (1 − dampening)·g; p −= lr·(nesterov ? g + μv : v). */
function momentumReference(mu: number, dampening: number, nesterov: boolean): Reference {
  const v = zerosLike();
  return (p, g, lr) =>
    g.forEach((gi, i) => {
      v[i] = mu * v[i] + (1 - dampening) * gi;
      p[i] -= lr * (nesterov ? gi + mu * v[i] : v[i]);
    });
}

/** s = ρs + (1 − ρ)g²; step = lr·g/(√s + ε); with momentum, v = μv + step and p −= v. */
function rmspropReference(rho: number, epsilon: number, mu: number): Reference {
  const s = zerosLike();
  const v = zerosLike();
  return (p, g, lr) =>
    g.forEach((gi, i) => {
      s[i] = rho * s[i] + (1 - rho) * gi * gi;
      const step = (lr * gi) / (Math.sqrt(s[i]) + epsilon);
      if (mu > 0) {
        v[i] = mu * v[i] + step;
        p[i] -= v[i];
      } else p[i] -= step;
    });
}

/** Adam with bias correction, ε outside the root; AdamW first decays p by lr·wd·p. */
function adamReference(beta1: number, beta2: number, epsilon: number, weightDecay = 0): Reference {
  const m = zerosLike();
  const v = zerosLike();
  return (p, g, lr, t) =>
    g.forEach((gi, i) => {
      p[i] -= lr * weightDecay * p[i];
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      const mHat = m[i] / (1 - beta1 ** t);
      const vHat = v[i] / (1 - beta2 ** t);
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    });
}

/** s starts at initialAccumulatorValue; s += g²; p −= lr·g/(√s + ε). */
function adagradReference(initial: number, epsilon: number): Reference {
  const s = START.map(() => initial);
  return (p, g, lr) =>
    g.forEach((gi, i) => {
      s[i] += gi * gi;
      p[i] -= (lr * gi) / (Math.sqrt(s[i]) + epsilon);
    });
}

describe('update rules over 3 steps against hand-written references', () => {
  it('the name table holds exactly the optimizers tested here', () => {
    expect(Object.keys(optimizers).sort()).toEqual(['adagrad', 'adam', 'adamw', 'momentum', 'rmsprop', 'sgd']);
    for (const [key, make] of Object.entries(optimizers)) expect(make().name).toBe(key);
  });

  it('sgd: p −= lr·g', () => compareSteps(sgd({ learningRate: 0.1 }), sgdReference()));
  it('sgd with defaults uses learning rate 0.01', () => {
    const optimizer = sgd();
    expect(optimizer.learningRate).toBe(0.01);
    compareSteps(optimizer, sgdReference());
  });
  it('sgd with momentum is Keras’ SGD momentum', () =>
    compareSteps(sgd({ learningRate: 0.1, momentum: 0.9 }), kerasSgdMomentumReference(0.9, false)));
  it('sgd with nesterov momentum is Keras’ nesterov SGD', () =>
    compareSteps(sgd({ learningRate: 0.1, momentum: 0.8, nesterov: true }), kerasSgdMomentumReference(0.8, true)));

  it('momentum (defaults: lr 0.01, momentum 0.9, dampening 0)', () => {
    const optimizer = momentum();
    expect(optimizer.config()).toMatchObject({ learningRate: 0.01, momentum: 0.9, dampening: 0, nesterov: false });
    compareSteps(optimizer, momentumReference(0.9, 0, false));
  });
  it('momentum with dampening: the tutorials’ v = 0.9v + 0.1g', () =>
    compareSteps(momentum({ learningRate: 0.05, momentum: 0.9, dampening: 0.9 }), momentumReference(0.9, 0.9, false)));
  it('momentum with nesterov', () =>
    compareSteps(momentum({ learningRate: 0.05, momentum: 0.7, nesterov: true }), momentumReference(0.7, 0, true)));
  it('momentum with dampening and nesterov', () =>
    compareSteps(
      momentum({ learningRate: 0.05, momentum: 0.7, dampening: 0.3, nesterov: true }),
      momentumReference(0.7, 0.3, true),
    ));

  it('rmsprop (defaults: lr 0.001, rho 0.9, epsilon 1e-7, no momentum)', () => {
    const optimizer = rmsprop();
    expect(optimizer.config()).toMatchObject({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7, momentum: 0 });
    compareSteps(optimizer, rmspropReference(0.9, 1e-7, 0));
  });
  it('rmsprop with its own rho and epsilon', () =>
    compareSteps(rmsprop({ learningRate: 0.01, rho: 0.8, epsilon: 0.1 }), rmspropReference(0.8, 0.1, 0)));
  it('rmsprop with momentum', () =>
    compareSteps(
      rmsprop({ learningRate: 0.01, rho: 0.95, epsilon: 1e-3, momentum: 0.6 }),
      rmspropReference(0.95, 1e-3, 0.6),
    ));

  it('adam (defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7)', () => {
    const optimizer = adam();
    expect(optimizer.config()).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    compareSteps(optimizer, adamReference(0.9, 0.999, 1e-7));
  });
  it('adam with its own betas and a large epsilon', () =>
    compareSteps(adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 0.1 }), adamReference(0.5, 0.75, 0.1)));
  it('adam moves each weight by about lr on its first step', () => {
    const optimizer = adam({ learningRate: 0.01 });
    const param = makeParam(START);
    param.grad.data.set(GRADS[0]);
    optimizer.step([param]);
    START.forEach((s, i) => expect(param.value.data[i]).toBeCloseTo(s - 0.01 * Math.sign(GRADS[0][i]), 4));
  });

  it('adamw (default weight decay 0.004)', () => {
    const optimizer = adamw({ learningRate: 0.01 });
    expect(optimizer.config()).toMatchObject({ weightDecay: 0.004 });
    compareSteps(optimizer, adamReference(0.9, 0.999, 1e-7, 0.004));
  });
  it('adamw with a strong decay', () =>
    compareSteps(adamw({ learningRate: 0.1, weightDecay: 0.5, beta1: 0.8 }), adamReference(0.8, 0.999, 1e-7, 0.5)));
  it('adamw with weight decay 0 equals adam', () =>
    compareSteps(adamw({ learningRate: 0.1, weightDecay: 0 }), adamReference(0.9, 0.999, 1e-7)));

  it('adagrad (defaults: lr 0.001, accumulator starts at 0.1, epsilon 1e-7)', () => {
    const optimizer = adagrad();
    expect(optimizer.config()).toMatchObject({ learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7 });
    compareSteps(optimizer, adagradReference(0.1, 1e-7));
  });
  it('adagrad with its own accumulator start and epsilon', () =>
    compareSteps(adagrad({ learningRate: 0.5, initialAccumulatorValue: 0, epsilon: 0.01 }), adagradReference(0, 0.01)));
});

describe('optimizer mechanics', () => {
  const all: OptimizerName[] = ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw', 'adagrad'];

  it.each(all)('%s keeps separate state for each param', (name) => {
    const together = optimizers[name]({ learningRate: 0.1 });
    const a = makeParam(START, 'a');
    const b = makeParam([1, 2, 3, 4], 'b');
    const aloneA = optimizers[name]({ learningRate: 0.1 });
    const aloneB = optimizers[name]({ learningRate: 0.1 });
    const soloA = makeParam(START, 'a');
    const soloB = makeParam([1, 2, 3, 4], 'b');
    GRADS.forEach((g, i) => {
      a.grad.data.set(g);
      soloA.grad.data.set(g);
      b.grad.data.set(GRADS[2 - i]);
      soloB.grad.data.set(GRADS[2 - i]);
      together.step([a, b]);
      aloneA.step([soloA]);
      aloneB.step([soloB]);
    });
    expect(Array.from(a.value.data)).toEqual(Array.from(soloA.value.data));
    expect(Array.from(b.value.data)).toEqual(Array.from(soloB.value.data));
  });

  it.each(all)('%s leaves non-trainable params (batch norm statistics) alone', (name) => {
    const optimizer = optimizers[name]({ learningRate: 0.1 });
    const frozen = makeParam(START, 'moving_mean', false);
    frozen.grad.data.set(GRADS[0]);
    optimizer.step([frozen]);
    expect(Array.from(frozen.value.data)).toEqual(START);
  });

  it.each(all)('%s updates float32 params like float64 ones, to float32 precision', (name) => {
    const p32 = makeParam(START, 'w', true, 'float32');
    const p64 = makeParam(Array.from(Float32Array.from(START)), 'w', true, 'float64');
    const o32 = optimizers[name]({ learningRate: 0.1 });
    const o64 = optimizers[name]({ learningRate: 0.1 });
    for (const g of GRADS) {
      p32.grad.data.set(g);
      p64.grad.data.set(Float32Array.from(g));
      o32.step([p32]);
      o64.step([p64]);
    }
    expect(p32.value.data).toBeInstanceOf(Float32Array);
    expectClose(p32.value.data, Array.from(p64.value.data), 1e-5);
  });

  it('clipNorm scales a gradient tensor down to that L2 norm, each tensor on its own', () => {
    const optimizer = sgd({ learningRate: 1, clipNorm: 1 });
    const big = makeParam([0, 0, 0, 0], 'big');
    const small = makeParam([0, 0, 0, 0], 'small');
    big.grad.data.set([3, 4, 0, 0]); // norm 5
    small.grad.data.set([0.3, 0, -0.4, 0]); // norm 0.5
    optimizer.step([big, small]);
    expectClose(big.value.data, [-0.6, -0.8, 0, 0]);
    expectClose(small.value.data, [-0.3, 0, 0.4, 0]);
  });

  it('clipNorm feeds the clipped gradient into the rule (adam moments)', () => {
    const clipped = adam({ learningRate: 0.1, clipNorm: 0.5 });
    const reference = adamReference(0.9, 0.999, 1e-7);
    const param = makeParam(START);
    const p = [...START];
    for (const g of GRADS) {
      param.grad.data.set(g);
      clipped.step([param]);
      const norm = Math.hypot(...g);
      reference(
        p,
        g.map((gi) => (norm > 0.5 ? (gi * 0.5) / norm : gi)),
        0.1,
        clipped.iterations,
      );
      expectClose(param.value.data, p);
    }
  });

  it('clipValue clamps each gradient element to [−clipValue, clipValue]', () => {
    const optimizer = sgd({ learningRate: 1, clipValue: 0.5 });
    const param = makeParam([0, 0, 0, 0]);
    param.grad.data.set([-3, 0.2, 5, -0.5]);
    optimizer.step([param]);
    expectClose(param.value.data, [0.5, -0.2, -0.5, 0.5]);
  });

  it('clipValue feeds the clipped gradient into the rule (momentum velocity)', () => {
    const clipped = momentum({ learningRate: 0.1, momentum: 0.9, clipValue: 0.4 });
    const reference = momentumReference(0.9, 0, false);
    const param = makeParam(START);
    const p = [...START];
    for (const g of GRADS) {
      param.grad.data.set(g);
      clipped.step([param]);
      reference(
        p,
        g.map((gi) => Math.min(0.4, Math.max(-0.4, gi))),
        0.1,
        0,
      );
      expectClose(param.value.data, p);
    }
  });

  describe('setting learningRate between steps takes effect', () => {
    const schedule = [0.1, 0.01, 0.3];
    it('sgd', () => compareSteps(sgd({ learningRate: 0.5 }), sgdReference(), schedule));
    it('momentum', () => compareSteps(momentum({ learningRate: 0.5 }), momentumReference(0.9, 0, false), schedule));
    it('rmsprop with momentum', () =>
      compareSteps(rmsprop({ momentum: 0.5 }), rmspropReference(0.9, 1e-7, 0.5), schedule));
    it('adam', () => compareSteps(adam(), adamReference(0.9, 0.999, 1e-7), schedule));
    it('adamw', () => compareSteps(adamw(), adamReference(0.9, 0.999, 1e-7, 0.004), schedule));
    it('adagrad', () => compareSteps(adagrad(), adagradReference(0.1, 1e-7), schedule));
    it('sgd with momentum follows Keras’ rule when the learning rate changes', () =>
      compareSteps(sgd({ learningRate: 0.5, momentum: 0.9 }), kerasSgdMomentumReference(0.9, false), schedule));
    it('config() reports the new rate', () => {
      const optimizer = adam();
      optimizer.learningRate = 0.02;
      expect(optimizer.learningRate).toBe(0.02);
      expect(optimizer.config().learningRate).toBe(0.02);
    });
  });

  describe('invalid settings throw a ConfigError', () => {
    it.each(all.flatMap((name) => [0, -1, NaN, Infinity].map((lr) => [name, lr] as const)))(
      '%s({ learningRate: %s })',
      (name, learningRate) => {
        expect(() => optimizers[name]({ learningRate })).toThrow(ConfigError);
      },
    );

    it.each(all.flatMap((name) => [0, -1, NaN].map((lr) => [name, lr] as const)))(
      '%s: setting learningRate = %s, keeping the old rate',
      (name, learningRate) => {
        const optimizer = optimizers[name]({ learningRate: 0.05 });
        expect(() => (optimizer.learningRate = learningRate)).toThrow(ConfigError);
        expect(optimizer.learningRate).toBe(0.05);
      },
    );

    it.each([
      ['clipNorm 0', () => sgd({ clipNorm: 0 })],
      ['clipValue −1', () => sgd({ clipValue: -1 })],
      ['sgd momentum 1', () => sgd({ momentum: 1 })],
      ['momentum −0.1', () => momentum({ momentum: -0.1 })],
      ['dampening 1', () => momentum({ dampening: 1 })],
      ['rho 1', () => rmsprop({ rho: 1 })],
      ['rmsprop epsilon 0', () => rmsprop({ epsilon: 0 })],
      ['beta1 1', () => adam({ beta1: 1 })],
      ['beta2 NaN', () => adam({ beta2: NaN })],
      ['weightDecay −0.1', () => adamw({ weightDecay: -0.1 })],
      ['initialAccumulatorValue −1', () => adagrad({ initialAccumulatorValue: -1 })],
    ] as const)('%s', (_title, make) => {
      expect(make).toThrow(ConfigError);
    });

    it('resolveOptimizer rejects unknown names', () => {
      expect(resolveOptimizer('adam', 'compile()').name).toBe('adam');
      expect(() => resolveOptimizer('adamm', 'compile()')).toThrow(ConfigError);
      expect(() => resolveOptimizer('toString', 'compile()')).toThrow(ConfigError);
    });
  });
});
