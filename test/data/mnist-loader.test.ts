import { describe, expect, it } from 'vitest';
import { loadMnist, mnistDigits } from '../../examples/data/mnist.js';

// examples/data/mnist.ts: the digits the `mnist` package ships, split with a seed for examples, tests and the bench
describe('the MNIST loader for examples', () => {
  const all = mnistDigits();

  it('reads the 10,000 digits, about a thousand of each, pixels in [0, 1]', () => {
    expect(all.labels).toHaveLength(10_000);
    expect(all.pixels).toHaveLength(10_000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const l of all.labels) counts[l]++;
    for (const n of counts) expect(n).toBeGreaterThan(800);
    let [low, high] = [Infinity, -Infinity];
    for (const v of all.pixels) [low, high] = [Math.min(low, v), Math.max(high, v)];
    expect([low, high]).toEqual([0, 1]);
  });

  it('splits with a seed: [n, 28, 28, 1] images and [n] labels, the same split for the same seed', () => {
    const { train, test } = loadMnist({ train: 300, test: 100, seed: 7 });
    expect(train.x.shape).toEqual([300, 28, 28, 1]);
    expect(train.y.shape).toEqual([300]);
    expect(test.x.shape).toEqual([100, 28, 28, 1]);
    const again = loadMnist({ train: 300, test: 100, seed: 7 });
    expect(Array.from(again.train.y.data)).toEqual(Array.from(train.y.data));
    expect(Array.from(loadMnist({ train: 300, test: 100, seed: 8 }).train.y.data)).not.toEqual(
      Array.from(train.y.data),
    );
    // shuffled: more than one class in the first 30, unlike the package's 0s-first order
    expect(new Set(Array.from(train.y.data.subarray(0, 30))).size).toBeGreaterThan(3);
  });

  it('keeps each image with its label, and no digit in both splits', () => {
    const { train, test } = loadMnist({ train: 5000, test: 5000, seed: 1 });
    const key = (x: Float32Array, i: number) => x.subarray(i * 784, (i + 1) * 784).join(',');
    const byImage = new Map<string, number>();
    all.labels.forEach((l, i) => byImage.set(key(all.pixels, i), l));
    const seen = new Set<string>();
    for (const split of [train, test])
      for (let i = 0; i < split.y.size; i += 97) {
        const k = key(split.x.data as Float32Array, i);
        expect(byImage.get(k)).toBe(split.y.data[i]);
        expect(seen.has(k)).toBe(false);
        seen.add(k);
      }
  });

  it('refuses more digits than the package ships', () => {
    expect(() => loadMnist({ train: 9000, test: 2000 })).toThrow(
      /loadMnist\(\): expected whole numbers train ≥ 1 and test ≥ 0 with train \+ test ≤ 10000, got train 9000, test 2000/,
    );
  });
});
