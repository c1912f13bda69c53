// SpatialDropout2D: whole channels dropped per image and the rest scaled (the mask checked by its structure and its
// statistics), the identity at inference, a float64 gradient check with a fixed mask, typed errors, Keras JSON and
// save/load, and the PyTorch export (nn.Dropout2d on the channels-first view)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { ConfigError, FormatError, ShapeError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { BuildContext } from '../../src/layers/layer.js';
import { SpatialDropout2D, spatialDropout2dClass } from '../../src/layers/spatial-dropout2d.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { gradCheckLayer, randomTensor } from '../helpers/grad-check.js';
import { runPython, torchPython } from '../helpers/torch-python.js';

const context = (seed = 42): BuildContext => ({ rng: new Rng(seed), dtype: 'float64' });
const built = (layer: SpatialDropout2D, dims: number[], seed = 42): SpatialDropout2D => {
  layer.name = 'spatial_dropout2d_1';
  layer.build([null, ...dims], context(seed));
  return layer;
};

/** Per (image, channel): the factor y/x if every pixel of that feature map has the same one, else NaN. */
function channelFactors(x: Tensor, y: Tensor): number[] {
  const [batch, height, width, channels] = x.shape;
  const factors: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let c = 0; c < channels; c++) {
      let factor: number | null = null;
      for (let p = 0; p < height * width; p++) {
        const i = (b * height * width + p) * channels + c;
        const f = y.data[i] / x.data[i];
        if (factor === null) factor = f;
        else if (Math.abs(f - factor) > 1e-12) factor = NaN;
      }
      factors.push(factor!);
    }
  return factors;
}

describe('SpatialDropout2D', () => {
  it('is the identity in infer mode and, with rate 0, in train mode too', () => {
    const x = randomTensor([3, 4, 5, 6], new Rng(1));
    expect(Array.from(built(new SpatialDropout2D({ rate: 0.5 }), [4, 5, 6]).forward(x, 'infer').data)).toEqual(
      Array.from(x.data),
    );
    const still = built(new SpatialDropout2D({ rate: 0 }), [4, 5, 6]);
    expect(Array.from(still.forward(x, 'train').data)).toEqual(Array.from(x.data));
    expect(still.backward(x)).toBe(x);
  });

  it.each([0.1, 0.3, 0.5, 0.8])(
    'rate %s drops whole feature maps, about that share of them, and scales the rest by 1/(1 − rate)',
    (rate) => {
      // 400 images × 25 channels = 10,000 independent draws; positive x, so y/x is the mask
      const x = randomTensor([400, 3, 2, 25], new Rng(2), 0.5, 2);
      const factors = channelFactors(x, built(new SpatialDropout2D({ rate, seed: 3 }), [3, 2, 25]).forward(x, 'train'));
      for (const f of factors) expect([0, 1 / (1 - rate)]).toContainEqual(expect.closeTo(f, 12));
      const share = factors.filter((f) => f === 0).length / factors.length;
      // binomial standard deviation √(rate(1 − rate)/n) ≤ 0.005: allow 5 of them
      expect(Math.abs(share - rate)).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / factors.length));
    },
  );

  it('draws each image its own mask, channels independently (no channel or image always dropped)', () => {
    const channels = 20;
    const images = 500;
    const x = new Tensor(new Float64Array(images * 2 * 2 * channels).fill(1), [images, 2, 2, channels], 'float64');
    const factors = channelFactors(
      x,
      built(new SpatialDropout2D({ rate: 0.5, seed: 9 }), [2, 2, channels]).forward(x, 'train'),
    );
    // per channel over the images: the dropped share stays within 5 standard deviations (√(0.25/500) ≈ 0.022)
    for (let c = 0; c < channels; c++) {
      let dropped = 0;
      for (let b = 0; b < images; b++) if (factors[b * channels + c] === 0) dropped++;
      expect(Math.abs(dropped / images - 0.5)).toBeLessThan(0.112);
    }
    // consecutive images differ in their masks (identical 20-channel masks: 1 in 2^20 per pair)
    let same = 0;
    for (let b = 1; b < images; b++) {
      const a = factors.slice((b - 1) * channels, b * channels).join();
      if (a === factors.slice(b * channels, (b + 1) * channels).join()) same++;
    }
    expect(same).toBeLessThan(3);
  });

  it('passes the gradient through the same mask: float64 central differences with a fixed mask', () => {
    // a seeded layer rebuilt before each forward draws the same mask, so it is a fixed function of x
    const layer = built(new SpatialDropout2D({ rate: 0.4, seed: 5 }), [3, 4, 5]);
    const x = randomTensor([2, 3, 4, 5], new Rng(6));
    const results = gradCheckLayer(layer, x, { beforeForward: () => layer.build([null, 3, 4, 5], context()) });
    expect(results.map((r) => r.name)).toEqual(['x']);
    expect(results[0].relError).toBeLessThan(1e-6);
    // the check is not empty: some channels were dropped and some kept
    const y = layer.forward(x, 'train');
    const factors = channelFactors(x, y);
    expect(factors.some((f) => f === 0) && factors.some((f) => f > 1)).toBe(true);
  });

  it('refuses a rate outside [0, 1) and an input that is not [batch, height, width, channels]', () => {
    expect(() => new SpatialDropout2D({ rate: 1 })).toThrow(ConfigError);
    expect(() => st.layers.spatialDropout2d({ rate: -0.1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: spatialDropout2d(): expected rate in [0, 1), got -0.1. rate is the fraction dropped: 0.2 drops one feature map in five.]`,
    );
    const layer = new SpatialDropout2D({ rate: 0.5 });
    layer.name = 'spatial_dropout2d_1';
    expect(() => layer.build([null, 10, 3], context())).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: spatial_dropout2d_1 (SpatialDropout2D): expected an image input [batch, height, width, channels] with every dimension after the batch known, got [batch, 10, 3]. Give the first layer an inputShape such as [28, 28, 1]; add a channels axis of 1 to grey images.]`,
    );
    built(layer, [4, 4, 2]);
    expect(() => layer.forward(randomTensor([1, 4, 2, 4], new Rng(1)), 'train')).toThrow(ShapeError);
  });

  it('writes Keras JSON as TF.js and Keras name it, and refuses channels_first', () => {
    const layer = new SpatialDropout2D({ rate: 0.25, seed: 4 });
    const keras = spatialDropout2dClass.toKeras(layer);
    expect(keras).toEqual({ rate: 0.25, data_format: 'channels_last', noise_shape: null, seed: 4 });
    expect(spatialDropout2dClass.fromKeras(keras, 'layer 1')).toEqual({ rate: 0.25, seed: 4 });
    expect(spatialDropout2dClass.fromKeras({ rate: 0.5 }, 'layer 1')).toEqual({ rate: 0.5, seed: null });
    expect(() => spatialDropout2dClass.fromKeras({ rate: 0.5, data_format: 'channels_first' }, 'layer 1')).toThrow(
      FormatError,
    );
  });

  it('saves and loads with the model; predictions match (the identity at inference)', async () => {
    const model = st.sequential({
      layers: [
        st.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2] }),
        st.layers.spatialDropout2d({ rate: 0.3, seed: 8 }),
        st.layers.flatten(),
        st.layers.dense({ units: 2 }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const rng = new Rng(3);
    const x = st.tensor(
      Array.from({ length: 4 * 72 }, () => rng.uniform(-1, 1)),
      [4, 6, 6, 2],
    );
    await model.fit(
      x,
      st.tensor(
        Array.from({ length: 8 }, () => rng.uniform(-1, 1)),
        [4, 2],
      ),
      {
        epochs: 2,
        verbose: 0,
      },
    );
    const artifacts = model.toArtifacts();
    const topology = JSON.stringify(artifacts.modelTopology);
    expect(topology).toContain('"class_name":"SpatialDropout2D"');
    const copy = await st.loadModel(artifacts);
    expect(copy.layers[1]).toBeInstanceOf(SpatialDropout2D);
    expect((copy.layers[1] as SpatialDropout2D).rate).toBe(0.3);
    expect(Array.from(copy.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });
});

const python = torchPython();
const root = mkdtempSync(join(tmpdir(), 'strata-spatial-dropout-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// eval: the model's prediction; train: the dropout module alone on ones [8, 3, 3, 10], each map's factor
const CHECK = `
import importlib.util, json, sys
import numpy as np, torch
spec = importlib.util.spec_from_file_location("exported", sys.argv[1] + "/model.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.load_model()
x = torch.tensor(json.load(open(sys.argv[1] + "/x.json")), dtype=module.DTYPE)
with torch.no_grad():
    y = model(x)
drop = [m for m in model.modules() if type(m).__name__ == "StrataSpatialDropout2d"][0]
drop.train()
with torch.no_grad():
    z = drop(torch.ones(8, 3, 3, 10, dtype=module.DTYPE))
spread = (z.amax(dim=(1, 2)) - z.amin(dim=(1, 2))).abs().max().item()
print(json.dumps({"values": y.double().flatten().tolist(), "spread": spread, "factors": sorted(set(z.flatten().tolist()))}))
`;

describe.skipIf(!python)('exportPyTorch: SpatialDropout2D as nn.Dropout2d on the channels-first view', () => {
  it('predicts what strata predicts, and drops whole channels in training', { timeout: 120_000 }, async () => {
    const model = st.sequential({
      layers: [
        st.layers.conv2d({ filters: 10, kernelSize: 3, inputShape: [5, 5, 1] }),
        st.layers.spatialDropout2d({ rate: 0.5 }),
        st.layers.globalAveragePooling2d(),
      ],
    });
    const rng = new Rng(4);
    const x = st.tensor(
      Array.from({ length: 50 }, () => rng.uniform(-1, 1)),
      [2, 5, 5, 1],
    );
    const expected = model.predict(x);
    const dir = join(root, 'model');
    st.exportPyTorch(model, { dir });
    const nested = Array.from({ length: 2 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => [x.data[b * 25 + i * 5 + j]])),
    );
    writeFileSync(join(dir, 'x.json'), JSON.stringify(nested));
    const run = runPython(python!, ['-c', CHECK, dir], { timeout: 100_000 });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { values: number[]; spread: number; factors: number[] };
    const worst = Math.max(...out.values.map((v, i) => Math.abs(v - expected.data[i])));
    expect(worst).toBeLessThan(1e-5);
    expect(out.spread).toBe(0); // every map is one value: dropped (0) or kept (2)
    expect(out.factors).toEqual([0, 2]);
  });
});
