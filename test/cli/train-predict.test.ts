import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, clustersCsv, tempDir } from './cli-helpers.js';
import { loadBundle } from '../../src/cli/model-bundle.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('train → predict, evaluate, summary, gradcheck, export and plot on a CSV with string labels', () => {
  const data = tmp.file('train.csv', clustersCsv(20));
  const model = join(tmp.dir, 'model');

  it('trains, detects three classes, standardizes and saves what later commands need', async () => {
    const { code, out, err } = await cli(
      'train',
      '--data',
      data,
      '--target',
      'colour',
      '--layers',
      '16',
      '--epochs',
      '40',
      '--lr',
      '0.02',
      '--batch-size',
      '16',
      '--standardize',
      '--early-stopping',
      '10',
      '--out',
      model,
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(
      "Task: 3-class classification of 'colour' ('blue', 'green', 'red') → softmax output + sparseCategoricalCrossentropy",
    );
    expect(out).toContain('Features (2): width, height (standardized)');
    expect(out).toMatch(
      /^Epoch {2}1\/40 ━+ 3\/3 - .+ - loss: \d\.\d{4} - accuracy: .+ - val_loss: .+ - val_accuracy: .+$/m,
    );
    expect(out).toContain(`Saved to ${model}/`);
    const meta = JSON.parse(readFileSync(join(model, 'strata-cli.json'), 'utf8'));
    expect(meta).toMatchObject({
      format: 'strata-cli',
      target: 'colour',
      features: ['width', 'height'],
      task: 'multiclass',
      loss: 'sparseCategoricalCrossentropy',
      classes: ['blue', 'green', 'red'],
    });
    expect(meta.scaler.mean).toHaveLength(2);
    expect(existsSync(join(model, 'history.json'))).toBe(true);
    const accuracy = Number(/accuracy (\d+\.\d)% on all 60 rows/.exec(out)?.[1]);
    expect(accuracy).toBeGreaterThan(90);
  });

  it('predicts new rows (no target column) by class name, with a probability per class', async () => {
    const fresh = tmp.file('new.csv', 'width,height\n0.1,-0.2\n3.2,2.9\n-0.1,4.1\n');
    const { code, out } = await cli('predict', '--model', model, '--data', fresh);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('width,height,predicted_colour,p_blue,p_green,p_red');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['red', 'green', 'blue']);
    const p = lines[1].split(',').slice(3).map(Number);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const file = join(tmp.dir, 'predictions.csv');
    const written = await cli('predict', '--model', model, '--data', fresh, '--out', file);
    expect(written.out).toBe(`Wrote 3 predictions to ${file}.\n`);
    expect(readFileSync(file, 'utf8')).toBe(out);
  });

  it('evaluates with a confusion matrix, summarises, checks gradients and exports', async () => {
    const evaluation = await cli('evaluate', '--model', model, '--data', data);
    expect(evaluation.code).toBe(0);
    expect(evaluation.out).toMatch(/^Evaluated on .+ \(60 rows\): loss \d\.\d{4}, accuracy \d+\.\d%$/m);
    expect(evaluation.out).toMatch(/Confusion matrix .+\n\s+blue\s+green\s+red\nblue\s+\d+\s+\d+\s+\d+\n/);
    const summary = await cli('summary', '--model', model);
    expect(summary.out).toContain('Total params: 99');
    expect(summary.out).toContain('Classes (3): blue, green, red');
    // swapped labels: a confident model gets large gradients there, far above the differences' rounding
    const swapped = tmp.file(
      'swapped.csv',
      readFileSync(data, 'utf8').replace(/red|blue/g, (c) => (c === 'red' ? 'blue' : 'red')),
    );
    const check = await cli('gradcheck', '--model', model, '--data', swapped, '--samples', '4');
    expect(check.out).toMatch(/Passed: difference .+ < 1e-7/);
    expect(check.code).toBe(0);
    const exported = await cli('export', '--model', model, '--format', 'tfjs', '--out', join(tmp.dir, 'tfjs'));
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'tfjs', 'model.json'), 'utf8')).format).toBe('layers-model');
  });

  it('exports ONNX that ONNX Runtime runs with the same outputs as predict', async () => {
    const file = join(tmp.dir, 'model.onnx');
    const { code, out } = await cli('export', '--model', model, '--format', 'onnx', '--out', file);
    expect(code).toBe(0);
    expect(out).toContain(`Exported an ONNX model (opset 17) to ${file}`);
    const ort = await import('onnxruntime-web');
    const session = await ort.InferenceSession.create(readFileSync(file));
    const { model: loaded } = await loadBundle(model);
    const x = [
      [0.1, -0.2],
      [1.5, 0.3],
    ].map((r) => r.concat(Array(loaded.inputShape![1]! - 2).fill(0)));
    const { output } = await session.run({
      input: new ort.Tensor('float32', Float32Array.from(x.flat()), [2, x[0].length]),
    });
    const expected = loaded.predict(x).data;
    (output.data as Float32Array).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-5));
  });

  it('draws the confusion matrix, the network and the history', async () => {
    for (const [kind, extra] of [
      ['confusion', ['--data', data]],
      ['network', []],
      ['history', []],
    ] as const) {
      const out = join(tmp.dir, `${kind}.svg`);
      const result = await cli('plot', kind, '--model', model, ...extra, '--out', out);
      expect(result.err).toBe('');
      expect(readFileSync(out, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
  });

  it('reads settings from a --config file, with flags winning', async () => {
    const config = tmp.file(
      'model.json',
      JSON.stringify({ data: 'train.csv', target: 'colour', layers: [4], epochs: 500, validationSplit: 0 }),
    );
    const { code, out } = await cli('train', '--config', config, '--epochs', '2');
    expect(code).toBe(0);
    expect(out).toContain('Epoch 2/2');
    expect(out).toContain('Total params: 27');
    expect(out).toContain('Not saved: pass --out DIR to keep the model.');
  });
});
