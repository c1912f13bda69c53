// Every public function, given garbage, either works or throws one of strata's typed errors: never a raw TypeError
// from deep inside, never a hang. The kernels (st.jsKernels, st.wasmKernels) are left out: they are raw loops over
// arrays by design (docs/ARCHITECTURE.md 3.5), for backend authors, and check nothing.
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

// a string that is no usable path (a NUL byte), so nothing is ever written or read by these calls
const BAD_ARGS: unknown[][] = [
  [],
  [undefined],
  [null],
  [42],
  [-1],
  [NaN],
  ['\u0000bad'],
  [{ bogus: 1 }],
  [{}],
  [[]],
  [[[NaN]]],
  [() => 1],
  [Symbol('s')],
  [[1, 2], '\u0000bad'],
  [[[1, 2]], [1], null],
  [[[1, 2]], [1], 5],
];
// these change process-wide state (the kernels in use, the global seed) that the other tests rely on
const SKIP = new Set(['useKernels', 'setSeed']);

function publicFunctions(): [string, (...args: unknown[]) => unknown][] {
  const found: [string, (...args: unknown[]) => unknown][] = [];
  const walk = (o: object, path: string, depth: number) => {
    for (const [key, value] of Object.entries(o)) {
      if (SKIP.has(key) || key === 'jsKernels' || key === 'wasmKernels') continue;
      if (typeof value === 'function' && !/^[A-Z]/.test(key)) found.push([`${path}${key}`, value]);
      else if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && depth < 2)
        walk(value, `${path}${key}.`, depth + 1);
    }
  };
  walk(st, 'st.', 0);
  return found;
}

const show = (args: unknown[]) =>
  args.map((a) => (typeof a === 'function' ? 'fn' : typeof a === 'symbol' ? 'symbol' : JSON.stringify(a))).join(', ');

/** What went wrong for each bad call: a raw error, or no answer within 10 s (a hang, not a slow call). */
async function rawErrors(call: (args: unknown[]) => unknown, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const args of BAD_ARGS) {
    try {
      const result = call(args);
      if (result instanceof Promise) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hang = new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000)),
        );
        await Promise.race([result, hang]).finally(() => clearTimeout(timer));
      }
    } catch (e) {
      if (!(e instanceof st.StrataError))
        problems.push(`${label}(${show(args)}) threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
  }
  return problems;
}

describe('the public API at its boundary', () => {
  it('finds the functions it checks (the walk itself works)', () => {
    const names = publicFunctions().map(([name]) => name);
    expect(names.length).toBeGreaterThan(120);
    for (const name of ['st.sequential', 'st.tensor', 'st.layers.dense', 'st.datasets.spiral', 'st.losses.huber.value'])
      expect(names).toContain(name);
  });

  it('every exported function answers garbage with a typed error (or works)', async () => {
    const problems: string[] = [];
    for (const [name, f] of publicFunctions()) problems.push(...(await rawErrors((args) => f(...args), name)));
    expect(problems).toEqual([]);
  }, 300_000);

  it('every model method answers garbage with a typed error (or works), and the model still trains', async () => {
    const make = () => {
      const model = st.sequential({
        layers: [
          st.layers.dense({ units: 3, activation: 'relu', inputShape: [2] }),
          st.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    const proto = Object.getPrototypeOf(make()) as Record<string, unknown>;
    const methods = Object.getOwnPropertyNames(proto).filter(
      (n) =>
        n !== 'constructor' &&
        n !== 'dispose' &&
        typeof Object.getOwnPropertyDescriptor(proto, n)?.value === 'function',
    );
    expect(methods).toEqual(expect.arrayContaining(['fit', 'evaluate', 'predict', 'compile', 'save', 'setWeights']));
    const problems: string[] = [];
    const model = make();
    const silent = (line: string) => line;
    for (const name of methods)
      problems.push(
        ...(await rawErrors(
          (args) =>
            name === 'summary' && args.length === 0
              ? model.summary({ printFn: silent })
              : (model as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args),
          `model.${name}`,
        )),
      );
    expect(problems).toEqual([]);
    // the bad calls changed nothing that stops it from training
    const history = await model.fit(
      [
        [0, 1],
        [1, 0],
      ],
      [0, 1],
      { epochs: 2, verbose: 0 },
    );
    expect(history.history.loss.every(Number.isFinite)).toBe(true);
  }, 300_000);

  it('st.activations and st.losses check the sizes of what they are handed (they write into it)', () => {
    const z = st.tensor([[1, -2, 3]]);
    expect(() => st.activations.relu.forward(z, st.tensor([[0, 0]]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: activations.relu.forward(): expected a of the size and dtype of z (3 float32), got 2 float32. Pass output and gradient buffers shaped like the input, e.g. st.tensor(new Float32Array(z.size), z.shape).]`,
    );
    expect(() =>
      st.losses.sparseCategoricalCrossentropy.value(st.tensor([[0.2, 0.8]]), st.tensor([1, 0])),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: losses.sparseCategoricalCrossentropy.value(): expected yTrue with 1 value for yPred of shape [1, 2] (one class id per row), got shape [2]. Pass the targets of the same examples, shaped like the predictions.]`,
    );
    const a = st.tensor([[0, 0, 0]]);
    st.activations.relu.forward(z, a);
    expect(Array.from(a.data)).toEqual([1, 0, 3]);
    expect(st.losses.meanSquaredError.value(st.tensor([[1, 2]]), st.tensor([[1, 4]]))).toBeCloseTo(2, 6);
  });
});
