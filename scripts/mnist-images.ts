// Writes the 10,000 MNIST digits of the `mnist` package (a devDependency) as PNG folders the CLI trains on:
// <out>/train/<digit>/<n>.png (8000) and <out>/test/<digit>/<n>.png (2000), the seeded split of examples/data/mnist.ts.
// Run: npx tsx scripts/mnist-images.ts [out = mnist-png]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { loadMnist, type MnistSplit } from '../examples/data/mnist.js';

const out = process.argv[2] ?? 'mnist-png';
const { train, test } = loadMnist({ train: 8000, test: 2000, seed: 42 });

function write(split: MnistSplit, dir: string): void {
  const png = new PNG({ width: 28, height: 28 });
  for (let i = 0; i < split.y.size; i++) {
    const folder = join(dir, String(split.y.data[i]));
    mkdirSync(folder, { recursive: true });
    for (let p = 0; p < 784; p++) {
      const v = Math.round(255 * split.x.data[i * 784 + p]);
      png.data.set([v, v, v, 255], 4 * p);
    }
    writeFileSync(join(folder, `${i}.png`), PNG.sync.write(png));
  }
}

write(train, join(out, 'train'));
write(test, join(out, 'test'));
console.log(`Wrote ${train.y.size} training and ${test.y.size} test digits to ${out}/train and ${out}/test.`);
