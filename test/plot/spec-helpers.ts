import { expect } from 'vitest';
import type { JsonValue, VegaLiteSpec } from '../../src/plot/index.js';

type Obj = { [key: string]: JsonValue };
export const obj = (v: JsonValue | undefined): Obj => v as Obj;
export const arr = (v: JsonValue | undefined): JsonValue[] => v as JsonValue[];

/** The rows of `data.values` of a view (or the top-level spec). */
export function rows<T = Obj>(view: JsonValue | undefined): T[] {
  return arr(obj(obj(view).data).values) as T[];
}

/** The unit or layered views that draw something: concat members, or the spec itself. */
export function panels(spec: VegaLiteSpec): Obj[] {
  return spec.concat ? arr(spec.concat).map(obj) : [spec];
}

/** The layers of a view, found by mark type. */
export function layersOf(view: Obj, type: string): Obj[] {
  return arr(view.layer)
    .map(obj)
    .filter((l) => (typeof l.mark === 'string' ? l.mark : obj(l.mark).type) === type);
}

/** Survives JSON unchanged, names the v5 schema, and every drawing view has a numeric width and height. */
export function expectRenderable(spec: VegaLiteSpec): void {
  expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec);
  expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
  for (const view of panels(spec)) {
    expect(view.width).toBeTypeOf('number');
    expect(view.height).toBeTypeOf('number');
    expect(view.width as number).toBeGreaterThan(100);
    expect(view.height as number).toBeGreaterThan(100);
  }
}
