import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, memoryIo, tempDir } from './cli-helpers.js';
import { imageBatches, readImageData } from '../../src/cli/image-data.js';
import { predictImages } from '../../src/cli/commands/predict-images.js';
import { PNG } from 'pngjs';
import { pngBytes, stripe, stripesFolder, stripesIdx } from './image-fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const folder = join(tmp.dir, 'stripes');
stripesFolder(folder, 20);
const model = join(tmp.dir, 'model');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

describe('strata train --images and predict --images', () => {
  it('trains on one subfolder per class (PNG and JPEG) and saves the input size with the model', async () => {
    const args = ['--layers', '16', '--epochs', '30', '--lr', '0.01', '--batch-size', '8', '--out', model];
    const { code, out, err } = await cli('train', '--images', folder, ...args);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Task: 2-class classification of images → softmax output + sparseCategoricalCrossentropy');
    expect(out).toContain('Classes (2): bottom, top');
    expect(out).toContain('Images: 40 of 8×8×1, 20% held out for validation');
    expect(out).toMatch(/flatten_1 \(Flatten\)\s+\(None, 64\)/);
    expect(Number(/accuracy (\d+\.\d)% on all 40 images/.exec(out)?.[1])).toBeGreaterThan(90);
    const meta = JSON.parse(readFileSync(join(model, 'strata-cli.json'), 'utf8'));
    expect(meta).toMatchObject({
      version: 3,
      classes: ['bottom', 'top'],
      features: [],
      images: { height: 8, width: 8, channels: 1, resize: false },
    });
  });

  it('predicts a folder: one row per image, the true class from its subfolder, and the accuracy', async () => {
    const { code, out, err } = await cli('predict', '--model', model, '--images', folder);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('image,class,predicted_class,p_bottom,p_top');
    expect(lines).toHaveLength(41);
    expect(lines[1]).toMatch(/^bottom\/0\.png,bottom,(bottom|top),[\d.e-]+,[\d.e-]+$/);
    const right = lines.slice(1).filter((l) => l.split(',')[1] === l.split(',')[2]).length;
    expect(err).toBe(`Accuracy ${((100 * right) / 40).toFixed(1)}% (${right} of 40).\n`);
    expect(right).toBeGreaterThan(36);
    // loose images (no subfolders) are predicted without a class column
    const loose = join(tmp.dir, 'loose');
    mkdirSync(loose);
    writeFileSync(join(loose, 'a.png'), pngBytes(stripe('top', 99), 8, 8));
    writeFileSync(join(loose, 'b.png'), pngBytes(stripe('bottom', 98), 8, 8));
    const file = join(tmp.dir, 'loose.csv');
    const written = await cli('predict', '--model', model, '--images', loose, '--out', file);
    expect(written.out).toBe(`Wrote 2 predictions to ${file}.\n`);
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('image,predicted_class,p_bottom,p_top');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual(['a.png,top', 'b.png,bottom']);
  });

  it('reads and predicts a folder a batch of files at a time, with the same rows as in one batch', async () => {
    const input = { height: 8, width: 8, channels: 1, resize: false };
    const whole = readImageData({ images: folder }, undefined, input);
    const batches = imageBatches({ images: folder }, input);
    expect(batches.count).toBe(40);
    expect(batches.names).toEqual(whole.names);
    expect(batches.labels).toEqual(whole.labels);
    const parts = [batches.batch(0, 7), batches.batch(7, 33), batches.batch(33, 40)];
    expect(parts.map((t) => t.shape)).toEqual([
      [7, 8, 8, 1],
      [26, 8, 8, 1],
      [7, 8, 8, 1],
    ]);
    expect(parts.flatMap((t) => Array.from(t.data))).toEqual(Array.from(whole.x.data));
    const predicted = async (chunk?: number) => {
      const io = memoryIo();
      await predictImages({ model, images: folder }, { io, exitCode: 0 }, chunk);
      return [io.stdout(), io.stderr()];
    };
    const [one, inSevens] = [await predicted(), await predicted(7)];
    const rows = (csv: string) =>
      csv
        .trim()
        .split('\n')
        .map((line) => line.split(','));
    const [a, b] = [rows(one[0]), rows(inSevens[0])];
    expect(a).toHaveLength(41);
    expect(inSevens[1]).toBe(one[1]); // the accuracy line
    // names and classes the same; probabilities to float32 rounding (a batch of 7 takes other GEMM tiles than 40)
    expect(b.map((r) => r.slice(0, 3))).toEqual(a.map((r) => r.slice(0, 3)));
    b.slice(1).forEach((r, i) =>
      r.slice(3).forEach((p, j) => expect(Number(p)).toBeCloseTo(Number(a[i + 1][3 + j]), 5)),
    );
  });

  it('names the image whose size differs, and resizes every image with --resize', async () => {
    const mixed = join(tmp.dir, 'mixed');
    stripesFolder(mixed, 3);
    writeFileSync(join(mixed, 'top', 'big.png'), pngBytes(stripe('top', 5, 16), 16, 16));
    const refused = await cli('train', '--images', mixed, '--epochs', '1');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `error: ${join(mixed, 'top', 'big.png')}: expected 8×8 pixels (height×width) like bottom/0.png, got 16×16. Pass --resize 8x8 to resize every image, or make the files one size.\n`,
    );
    const resized = await cli('train', '--images', mixed, '--epochs', '1', '--resize', '12x10');
    expect(resized.code).toBe(0);
    expect(resized.out).toContain('Images: 7 of 12×10×1 (resized)');
    expect((await cli('train', '--images', mixed, '--resize', '12')).code).toBe(2);
  });

  it('says what a folder lacks, and names a file that does not decode', async () => {
    const flat = join(tmp.dir, 'flat');
    mkdirSync(flat);
    writeFileSync(join(flat, 'a.png'), pngBytes(stripe('top', 1), 8, 8));
    const noClasses = await cli('train', '--images', flat);
    expect(noClasses.code).toBe(1);
    expect(noClasses.err).toBe(
      `error: ${flat}: expected one subfolder of PNG/JPEG images per class, at least two classes, got 1 loose images and 0 subfolders with images. Put each class in a folder named after it: DIR/cat/1.png, DIR/dog/1.png, ….\n`,
    );
    const broken = join(tmp.dir, 'broken');
    stripesFolder(broken, 2);
    writeFileSync(join(broken, 'top', 'bad.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    const bad = await cli('train', '--images', broken);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      new RegExp(
        `^error: ${join(broken, 'top', 'bad.png')}: expected a PNG or JPEG image that decodes, got .+\\. The file is damaged: replace it or remove it from the folder\\.\\n$`,
      ),
    );
    // a dangling link beside the class folders is left out; one named like an image is named in the error
    const linked = join(tmp.dir, 'linked');
    stripesFolder(linked, 3);
    symlinkSync(join(tmp.dir, 'gone'), join(linked, 'ghost'));
    expect((await cli('train', '--images', linked, '--epochs', '1')).code).toBe(0);
    symlinkSync(join(tmp.dir, 'gone.png'), join(linked, 'top', 'ghost.png'));
    const dangling = await cli('train', '--images', linked, '--epochs', '1');
    expect(dangling.err).toMatch(
      /^error: .+ghost\.png: expected a readable image file, got no such file \(a link to nowhere\?\)\. Check the file/,
    );
    const missing = await cli('train', '--images', join(tmp.dir, 'nowhere'));
    expect(missing.err).toMatch(/expected a readable folder of images \(one subfolder per class\), got no such folder/);
  });

  it('keeps image and CSV models apart', async () => {
    const csv = tmp.file('x.csv', 'a,b\n1,2\n');
    const wrongData = await cli('predict', '--model', model, '--data', csv);
    expect(wrongData.code).toBe(1);
    expect(wrongData.err).toBe(
      `error: strata predict: expected --images DIR or --idx FILE for a model trained on images, got --data ${csv}. Pass the images: strata predict --model ${model} --images DIR.\n`,
    );
    const both = await cli('predict', '--model', model, '--data', csv, '--images', folder);
    expect(both.code).toBe(2);
    expect(both.err).toContain('expected one of --data FILE.csv, --images DIR and --idx FILE, got --data and --images');
  });
});

describe('strata train --idx and predict --idx', () => {
  const gz = stripesIdx(40, true);
  const images = tmp.file('train-images-idx3-ubyte.gz');
  const labels = tmp.file('train-labels-idx1-ubyte.gz');
  writeFileSync(images, gz.images);
  writeFileSync(labels, gz.labels);
  const idxModel = join(tmp.dir, 'idx-model');

  it('trains on gzipped IDX files with class ids as names', async () => {
    const { code, out } = await cli(
      'train',
      ...['--idx', images, '--idx-labels', labels, '--layers', '16', '--epochs', '30', '--lr', '0.01'],
      ...['--batch-size', '8', '--out', idxModel],
    );
    expect(code).toBe(0);
    expect(out).toContain('Classes (2): 0, 1');
    expect(out).toContain('Images: 40 of 8×8×1');
    expect(Number(/accuracy (\d+\.\d)% on all 40 images/.exec(out)?.[1])).toBeGreaterThan(90);
    const plain = stripesIdx(40, false);
    const raw = tmp.file('t10k-images.idx');
    writeFileSync(raw, plain.images);
    const predicted = await cli('predict', '--model', idxModel, '--idx', raw);
    expect(predicted.code).toBe(0);
    const lines = predicted.out.trim().split('\n');
    expect(lines[0]).toBe('image,predicted_class,p_0,p_1');
    expect(lines[1]).toMatch(/^#0,0,/);
  });

  it('needs --idx-labels, and names both files when their counts differ', async () => {
    expect((await cli('train', '--idx', images)).code).toBe(2);
    const fewer = tmp.file('fewer-labels.idx');
    writeFileSync(fewer, stripesIdx(39, false).labels);
    const mismatch = await cli('train', '--idx', images, '--idx-labels', fewer);
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toBe(
      `error: ${images} and ${fewer}: expected as many labels as images, got 40 images and 39 labels. Pass the labels file that belongs to these images (train with train, t10k with t10k).\n`,
    );
    const swapped = await cli('train', '--idx', labels, '--idx-labels', images);
    expect(swapped.err).toContain('This looks like a labels file');
  });
});

describe('strata plot filters, features and misclassified', () => {
  it('draws each picture of an image model as PNG and SVG', async () => {
    for (const kind of ['filters', 'features', 'misclassified']) {
      const png = join(tmp.dir, `${kind}.png`);
      const { code, out, err } = await cli('plot', kind, '--model', model, '--images', folder, '--out', png);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toBe(`Wrote ${png}\n`);
      expect(Array.from(readFileSync(png).subarray(0, 4))).toEqual(PNG_SIGNATURE);
    }
    const svg = join(tmp.dir, 'filters.svg');
    expect((await cli('plot', 'filters', '--model', model, '--out', svg)).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('Weights of dense_1 as images (one per unit)');
    const features = join(tmp.dir, 'features.svg');
    await cli('plot', 'features', '--model', model, '--images', folder, '--index', '3', '--out', features);
    expect(readFileSync(features, 'utf8')).toContain('input (bottom/3.png)');
    expect(readFileSync(features, 'utf8')).toContain(
      'Feature maps of bottom/3.png (no conv or pooling layers: the input alone)',
    );
  });

  it('says what each picture needs', async () => {
    const noImages = await cli('plot', 'features', '--model', model);
    expect(noImages.code).toBe(2);
    expect(noImages.err).toContain('strata plot features: expected --images DIR or --idx FILE, got none.');
    const far = await cli('plot', 'features', '--model', model, '--images', folder, '--index', '40');
    expect(far.err).toBe(
      `error: --index: expected an image index below 40, got 40. ${folder} has 40 images, counted from 0.\n`,
    );
    const loose = await cli('plot', 'misclassified', '--model', model, '--images', join(tmp.dir, 'loose'));
    expect(loose.code).toBe(2);
    expect(existsSync(join(model, 'misclassified.png'))).toBe(false);
  });
});

describe('image models in the other commands, and RGB folders', () => {
  it('summary names the input images; evaluate and gradcheck on a CSV say what to do instead', async () => {
    const summary = await cli('summary', '--model', model);
    expect(summary.out).toContain('Input: images of 8×8×1\n');
    expect(summary.out).not.toContain('Features (');
    const csv = tmp.file('rows.csv', 'a,class\n1,top\n');
    const evaluation = await cli('evaluate', '--model', model, '--data', csv);
    expect(evaluation.code).toBe(1);
    expect(evaluation.err).toBe(
      `error: ${csv}: expected images for a model trained on images, not a CSV file, got a model of 8×8×1 images. strata predict --images DIR (class subfolders) reports its accuracy; strata plot misclassified draws its errors.\n`,
    );
    expect((await cli('gradcheck', '--model', model, '--data', csv)).code).toBe(1);
  });

  it('refuses IDX images of another size than the model was trained on', async () => {
    const small = tmp.file('small-images.idx');
    writeFileSync(small, new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 4, ...new Array(16).fill(9)]));
    const refused = await cli('predict', '--model', model, '--idx', small);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `error: ${small}: expected 8×8 images (height×width), as the model was trained on, got 4×4. Pass the images the model was trained on, or retrain it with --resize.\n`,
    );
  });

  it('reads coloured images as RGB, one channel each in the feature maps', async () => {
    const rgb = join(tmp.dir, 'rgb');
    for (const [name, colour] of [
      ['red', [220, 20, 20]],
      ['blue', [20, 20, 220]],
    ] as const) {
      mkdirSync(join(rgb, name), { recursive: true });
      for (let i = 0; i < 6; i++) {
        const png = new PNG({ width: 4, height: 4 });
        for (let p = 0; p < 16; p++) png.data.set([colour[0] + i, colour[1], colour[2] - i, 255], 4 * p);
        writeFileSync(join(rgb, name, `${i}.png`), PNG.sync.write(png));
      }
    }
    const rgbModel = join(tmp.dir, 'rgb-model');
    const trained = await cli('train', '--images', rgb, '--epochs', '2', '--validation-split', '0', '--out', rgbModel);
    expect(trained.out).toContain('Images: 12 of 4×4×3');
    const svg = join(tmp.dir, 'rgb-features.svg');
    expect((await cli('plot', 'features', '--model', rgbModel, '--images', rgb, '--out', svg)).code).toBe(0);
    // feature maps show the input's three channels one by one
    const drawn = readFileSync(svg, 'utf8');
    expect(drawn).toContain('input (blue/0.png): 4×4×3');
    expect(drawn.match(/aria-roledescription="text mark" text-anchor="middle"/g)).toHaveLength(3);
  });
});
