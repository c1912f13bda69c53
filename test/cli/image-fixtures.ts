import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** Gray pixels in [0, 255] → PNG bytes (RGBA, opaque). */
export function pngBytes(pixels: number[], height: number, width: number): Buffer {
  const png = new PNG({ width, height });
  pixels.forEach((v, p) => png.data.set([v, v, v, 255], 4 * p));
  return PNG.sync.write(png);
}

/** An 8×8 image bright in its top half ('top') or bottom half ('bottom'), with seeded noise. */
export function stripe(kind: 'top' | 'bottom', seed: number, size = 8): number[] {
  let s = seed + 1;
  const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  return Array.from({ length: size * size }, (_, p) => {
    const top = Math.floor(p / size) < size / 2;
    return Math.round((top === (kind === 'top') ? 200 : 30) + 50 * random());
  });
}

/** DIR/top/*.png and DIR/bottom/*.png (every fifth one a JPEG), `per` images per class. */
export function stripesFolder(dir: string, per: number): void {
  for (const kind of ['top', 'bottom'] as const) {
    mkdirSync(join(dir, kind), { recursive: true });
    for (let i = 0; i < per; i++) {
      const pixels = stripe(kind, i + (kind === 'top' ? 0 : 1000));
      if (i % 5 === 4) {
        const rgba = Buffer.alloc(pixels.length * 4);
        pixels.forEach((v, p) => rgba.set([v, v, v, 255], 4 * p));
        writeFileSync(join(dir, kind, `${i}.jpg`), jpeg.encode({ data: rgba, width: 8, height: 8 }, 100).data);
      } else writeFileSync(join(dir, kind, `${i}.png`), pngBytes(pixels, 8, 8));
    }
  }
}

/** IDX files of the same stripes: images [n, 8, 8] ubyte and labels (0 top, 1 bottom), gzipped when asked. */
export function stripesIdx(n: number, gzip: boolean): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(16 + n * 64);
  const labels = new Uint8Array(8 + n);
  const view = new DataView(images.buffer);
  images.set([0, 0, 8, 3]);
  [n, 8, 8].forEach((d, i) => view.setUint32(4 + 4 * i, d));
  labels.set([0, 0, 8, 1]);
  new DataView(labels.buffer).setUint32(4, n);
  for (let i = 0; i < n; i++) {
    images.set(stripe(i % 2 === 0 ? 'top' : 'bottom', i), 16 + 64 * i);
    labels[8 + i] = i % 2;
  }
  return gzip ? { images: gzipSync(images), labels: gzipSync(labels) } : { images, labels };
}
