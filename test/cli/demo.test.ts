import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function expectImages(base: string): void {
  const svg = readFileSync(`${base}.svg`, 'utf8');
  expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
  expect(svg.length).toBeGreaterThan(2000);
  const png = readFileSync(`${base}.png`);
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.length).toBeGreaterThan(5000);
  // IHDR: width and height, big-endian, at bytes 16 and 20
  expect(png.readUInt32BE(16)).toBeGreaterThan(400);
  expect(png.readUInt32BE(20)).toBeGreaterThan(300);
}

describe('strata demo', () => {
  const dir = join(tmp.dir, 'xor');

  it('trains, prints the summary and the accuracy, and writes the model with its pictures', async () => {
    const { code, out, err } = await cli('demo', 'xor', '--epochs', '3', '--out', tmp.dir);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`strata demo: xor, 400 points in 2 classes → ${dir}/`);
    expect(out).toContain('Total params: 225');
    expect(out).toMatch(/^Epoch 3\/3 ━{20} 10\/10 - /m);
    expect(out).toMatch(/^Final accuracy: \d+\.\d% on all 400 points \(validation \d+\.\d%\)$/m);
    expectImages(join(dir, 'history'));
    expectImages(join(dir, 'boundary'));
    expect(JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')).epoch).toEqual([0, 1, 2]);
  });

  it('leaves a model the other commands use: boundary from data.csv, activations as PNG', async () => {
    const boundary = await cli('plot', 'boundary', '--model', dir, '--data', join(dir, 'data.csv'));
    expect(boundary.out).toBe(`Wrote ${dir}/boundary.svg and ${dir}/boundary.png\n`);
    const png = join(tmp.dir, 'activations.png');
    expect((await cli('plot', 'activations', '--out', png, '--scale', '1')).code).toBe(0);
    expect([...readFileSync(png).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });
});
