// The playground in a real Chromium (playwright-core driving Debian's chromium): the page is built with vite,
// served with the cross-origin isolation headers, and used as a learner would. Skips with one line without Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-web';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { blend } from '../../playground/src/colors.js';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';
import { serveStatic } from './static-server.js';

ort.env.wasm.numThreads = 1;
const root = fileURLToPath(new URL('../..', import.meta.url));
const executablePath = findChromium();
if (!executablePath)
  console.log(
    'playground browser tests skipped: no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chrome)',
  );

interface Record {
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
}
/** What main.ts exposes as window.playground (see its end). */
interface Handle {
  state(): { layers: { units: number; activation: string }[]; optimizer: string; added: unknown[]; erased: number[] };
  data(): { rows: number; classes: number; cols: number };
  history(): Record[];
  epoch(): number;
  generation(): number;
  predict(rows: number[][]): Promise<number[]>;
}
declare const playground: Handle;

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code: code ?? -1, out })));
  });
}

describe.skipIf(!executablePath)('the playground in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  const outDir = mkdtempSync(join(tmpdir(), 'strata-playground-'));

  beforeAll(async () => {
    const built = await run(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'build',
        '--config',
        'playground/vite.config.ts',
        '--outDir',
        outDir,
        '--logLevel',
        'error',
      ],
      120_000,
    );
    expect(built.code, built.out).toBe(0);
    ({ url, server } = await serveStatic(outDir));
    browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  /** A fresh page (own context, so downloads and storage do not leak between tests) with errors and long tasks recorded. */
  async function open(query = '') {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => w.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
        type: 'longtask',
        buffered: true,
      });
    });
    await page.goto(url + query);
    await page.waitForFunction(() => document.querySelector('#backend')?.textContent !== '');
    return { page, errors, close: () => context.close() };
  }

  /** Plays until the test accuracy reaches `target` (if given) or `epochs` epochs have run, then pauses. */
  async function trainUntil(page: Page, epochs: number, target?: number): Promise<Record[]> {
    await page.click('#play');
    await page.waitForFunction(
      ([epochs, target]) => {
        const h = playground.history();
        return h.length >= epochs || (target !== undefined && h.length > 0 && h[h.length - 1].testAccuracy >= target);
      },
      [epochs, target] as const,
      { timeout: 40_000, polling: 100 },
    );
    await page.click('#play');
    return page.evaluate(() => playground.history());
  }

  it('loads with no console errors, cross-origin isolated, on the WebAssembly kernels, every control named', async () => {
    const { page, errors, close } = await open();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.textContent('#backend')).toContain('wasm');
    expect(await page.evaluate(() => playground.data())).toEqual({ rows: 300, classes: 2, cols: 2 });
    // every control has a name a screen reader can say
    const unnamed = await page.$$eval('input, select, button', (els) =>
      els
        .filter(
          (e) => !((e as HTMLInputElement).labels?.length || e.getAttribute('aria-label') || e.textContent?.trim()),
        )
        .map((e) => e.outerHTML),
    );
    expect(unnamed).toEqual([]);
    // the keyboard's way to a neuron's map
    await page.focus('#focus');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#focus')).toBe('0:0');
    expect(await page.textContent('#map-caption')).toContain('an input');
    expect(errors).toEqual([]);
    await close();
  });

  it('trains the default spiral to ≥ 95% test accuracy within 300 epochs, the loss falls, no long task over 100 ms', async () => {
    const { page, errors, close } = await open();
    await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
    const history = await trainUntil(page, 300, 0.95);
    const last = history[history.length - 1];
    expect(last.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(history.length).toBeLessThan(300);
    expect(last.trainLoss).toBeLessThan(history[0].trainLoss * 0.5);
    expect(last.testLoss).toBeLessThan(history[0].testLoss * 0.5);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(Math.max(0, ...longTasks)).toBeLessThan(100);
    expect(errors).toEqual([]);
    await close();
  });

  it('rebuilds and trains when layers, activation and optimizer change; the URL round-trips them and the seed', async () => {
    const { page, errors, close } = await open();
    const before = await page.evaluate(() => playground.generation());
    await page.selectOption('#dataset', 'moons');
    await page.fill('#seed', '7');
    await page.press('#seed', 'Tab');
    await page.fill('[data-units="0"]', '5');
    await page.press('[data-units="0"]', 'Tab');
    await page.selectOption('[data-act="1"]', 'relu');
    await page.selectOption('#optimizer', 'rmsprop');
    await page.selectOption('#lr', '0.01');
    await page.click('#add-layer');
    const state = await page.evaluate(() => playground.state());
    expect(state.layers.map((l) => `${l.units}${l.activation}`)).toEqual(['5tanh', '8relu', '8tanh', '8tanh']);
    expect(state.optimizer).toBe('rmsprop');
    expect(await page.evaluate(() => playground.generation())).toBeGreaterThanOrEqual(before + 7);
    expect(await page.evaluate(() => playground.epoch())).toBe(0);
    await page.click('#step');
    await page.waitForFunction(() => playground.history().length === 1);
    const first = (await page.evaluate(() => playground.history()))[0];
    const history = await trainUntil(page, 60);
    expect(history[history.length - 1].trainLoss).toBeLessThan(first.trainLoss * 0.7);
    expect(page.url()).toContain('opt=rmsprop');
    expect(page.url()).toContain('layers=5tanh%2C8relu%2C8tanh%2C8tanh');

    await page.reload();
    await page.waitForFunction(() => document.querySelector('#backend')?.textContent !== '');
    expect(await page.evaluate(() => playground.state())).toEqual(state);
    expect(await page.inputValue('#dataset')).toBe('moons');
    expect(await page.inputValue('#seed')).toBe('7');
    expect(await page.inputValue('#optimizer')).toBe('rmsprop');
    expect(await page.inputValue('[data-act="1"]')).toBe('relu');
    await page.click('#step');
    await page.waitForFunction(() => playground.history().length === 1);
    // the same link and seed: the same data, initial weights and shuffles, so the same first epoch to the bit
    expect((await page.evaluate(() => playground.history()))[0]).toEqual(first);
    expect(errors).toEqual([]);
    await close();
  });

  it('shows a 3-class spiral in three class colours', async () => {
    const { page, errors, close } = await open('?data=spiral3&speed=fast&discretize=1');
    const history = await trainUntil(page, 150, 0.9);
    expect(history[history.length - 1].testAccuracy).toBeGreaterThan(0.8);
    // the colour of each class where the network is sure of it, as the page paints discretized maps
    const colors = [0, 1, 2, 3, 4].map((k) => {
      const px = new Uint8ClampedArray(4);
      blend(
        [0, 1, 2, 3, 4].map((j) => Number(j === k)),
        0,
        5,
        px,
        0,
      );
      return [px[0], px[1], px[2]];
    });
    // the map as the screen shows it (its canvas is drawn by a worker, so the page cannot read it back)
    const png = PNG.sync.read(await page.locator('#map').screenshot());
    const counts = colors.map(() => 0);
    for (let i = 0; i < png.data.length; i += 4)
      colors.forEach((c, k) => {
        const d = Math.abs(png.data[i] - c[0]) + Math.abs(png.data[i + 1] - c[1]) + Math.abs(png.data[i + 2] - c[2]);
        if (d <= 6) counts[k]++;
      });
    const shares = counts.map((n) => n / (png.data.length / 4));
    for (const k of [0, 1, 2]) expect(shares[k], `class ${k}`).toBeGreaterThan(0.1);
    for (const k of [3, 4]) expect(shares[k], `class ${k} is not in this dataset`).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it('adds a point of the chosen class on click and erases points on drag, both kept in the URL', async () => {
    const { page, errors, close } = await open();
    const box = (await page.locator('#map').boundingBox())!;
    await page.check('#click-class input[value="1"]');
    await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.1);
    await page.waitForFunction(() => playground.data().rows === 301);
    expect((await page.evaluate(() => playground.state())).added).toEqual([
      expect.objectContaining({ label: 1 }) as unknown,
    ]);
    expect(page.url()).toContain('add=');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx - 60, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 60, cy, { steps: 12 });
    await page.mouse.up();
    const erased = (await page.evaluate(() => playground.state())).erased;
    expect(erased.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => playground.data().rows)).toBeLessThan(301);
    expect(page.url()).toContain('erase=');
    expect(errors).toEqual([]);
    await close();
  });

  it('trains on an uploaded CSV (4 features: curves and a confusion matrix), and shows a bad CSV’s error', async () => {
    const { page, errors, close } = await open();
    const { x, y } = st.datasets.blobs({ samples: 150, centers: 3, features: 4, std: 1.5, seed: 3 });
    const rows = x.toArray() as number[][];
    const text = ['f1,f2,f3,f4,label', ...rows.map((r, i) => `${r.map((v) => v.toFixed(3)).join(',')},${y.data[i]}`)];
    await page.setInputFiles('#csv', { name: 'four.csv', mimeType: 'text/csv', buffer: Buffer.from(text.join('\n')) });
    await page.waitForFunction(() => playground.data().cols === 4);
    expect(await page.evaluate(() => playground.data())).toEqual({ rows: 150, classes: 3, cols: 4 });
    expect(await page.isHidden('#map-box')).toBe(true);
    const history = await trainUntil(page, 30);
    expect(history[history.length - 1].testAccuracy).toBeGreaterThan(0.8);
    const cells = await page.locator('#confusion td').allTextContents();
    expect(cells.length).toBe(9);
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(75);

    await page.setInputFiles('#csv', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x1,x2,label\n0.5,abc,1\n'),
    });
    await expect
      .poll(() => page.textContent('#error'))
      .toBe(
        "bad.csv: expected a number in column 'x2', got 'abc' on line 2. Feature columns must be numeric; put the label in the last column or name it label.",
      );
    expect(await page.isVisible('#error')).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  it('downloads a model that st.loadModel, TF.js and ONNX Runtime read in Node, predicting what the page predicts', async () => {
    const { page, errors, close } = await open('?data=spiral3&speed=fast');
    await trainUntil(page, 20);
    const dir = mkdtempSync(join(tmpdir(), 'strata-playground-model-'));
    try {
      const names: string[] = [];
      page.on(
        'download',
        (d) => void d.saveAs(join(dir, d.suggestedFilename())).then(() => names.push(d.suggestedFilename())),
      );
      await page.click('#download-tfjs');
      await expect.poll(() => names.sort()).toEqual(['model.json', 'weights.bin']);
      await page.click('#download-onnx');
      await expect.poll(() => names.length).toBe(3);
      const points = [
        [0.1, 0.2],
        [-0.5, 0.4],
        [0.7, -0.6],
        [0, 0],
      ];
      const fromPage = await page.evaluate((points) => playground.predict(points), points);
      const model = await st.loadModel(dir);
      const inNode = Array.from(model.predict(points).data);
      expect(inNode.length).toBe(12);
      inNode.forEach((v, i) => expect(v).toBeCloseTo(fromPage[i], 5));
      // the same files in TF.js, as its loadLayersModel reads a model.json and its weights
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
        modelTopology: object;
        weightsManifest: { weights: object[] }[];
      };
      const bin = readFileSync(join(dir, 'weights.bin'));
      await tf.setBackend('cpu');
      const tfModel = await tfl.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights as never,
          weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        }),
      );
      const inTfjs = Array.from((tfModel.predict(tf.tensor2d(points)) as tf.Tensor).dataSync());
      inTfjs.forEach((v, i) => expect(v).toBeCloseTo(fromPage[i], 5));
      // and the ONNX file, in ONNX Runtime
      const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(join(dir, 'model.onnx'))));
      const input = new ort.Tensor('float32', Float32Array.from(points.flat()), [points.length, 2]);
      const output = Object.values(await session.run({ [session.inputNames[0]]: input }))[0];
      Array.from(output.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(fromPage[i], 5));
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await close();
    }
  });

  it('"show code" prints a program that builds the same model and trains in Node (tsx)', async () => {
    const { page, errors, close } = await open();
    await page.click('#show-code');
    const code = (await page.textContent('#code'))!;
    expect(code).toContain("import * as st from 'strata-nn';");
    // inside the repository, so the program's 'strata-nn' resolves to this package (a fresh clone has no strata-out)
    mkdirSync(join(root, 'strata-out'), { recursive: true });
    const file = join(root, 'strata-out', `playground-code-${process.pid}.ts`);
    writeFileSync(file, code);
    try {
      const ran = await run(process.execPath, ['--import', 'tsx', file, '40'], 60_000);
      expect(ran.code, ran.out).toBe(0);
      const logs = JSON.parse(/test (\{.*\})/.exec(ran.out)![1]) as { accuracy: number };
      expect(logs.accuracy).toBeGreaterThanOrEqual(0.9);
    } finally {
      rmSync(file, { force: true });
    }
    expect(errors).toEqual([]);
    await close();
    // every option the code writes out, and data edited by hand (so written into the program as rows)
    const other = await open(
      '?data=spiral3&bn=1&dropout=0.1&l1=0.0001&l2=0.001&opt=momentum&lr=0.01&init=heNormal&features=x1,x2,x1sq,sinx2&add=0.5:0.5:2&erase=0,1',
    );
    await other.page.click('#show-code');
    const edited = (await other.page.textContent('#code'))!;
    expect(edited).toContain('st.layers.batchNormalization()');
    expect(edited).toContain('edited by hand');
    writeFileSync(file, edited);
    try {
      const ran = await run(process.execPath, ['--import', 'tsx', file, '3'], 60_000);
      expect(ran.code, ran.out).toBe(0);
      const logs = JSON.parse(/test (\{.*\})/.exec(ran.out)![1]) as { loss: number; accuracy: number };
      expect(Number.isFinite(logs.loss)).toBe(true);
    } finally {
      rmSync(file, { force: true });
    }
    expect(other.errors).toEqual([]);
    await other.close();
  });
});
