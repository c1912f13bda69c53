// initializers (rank 3): how new weights are filled; imports core and tensor only
import { ConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { constant, ones, zeros } from './constant.js';
import type { Initializer } from './initializer.js';
import { orthogonal } from './orthogonal.js';
import { randomNormal, randomUniform } from './random.js';
import { glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, lecunUniform } from './variance-scaling.js';

export const initializers = {
  glorotUniform,
  glorotNormal,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  randomNormal,
  randomUniform,
  zeros,
  ones,
  constant,
  orthogonal,
} as const;
export type InitializerName = keyof typeof initializers;
export type { Initializer } from './initializer.js';

/** An initializer given by name (with default settings) or as an object. */
export function resolveInitializer(spec: InitializerName | Initializer, where: string): Initializer {
  if (typeof spec === 'object' && spec !== null && typeof spec.fill === 'function') return spec;
  if (typeof spec === 'string' && Object.hasOwn(initializers, spec)) return initializers[spec]();
  throw new ConfigError({ where, ...unknownName('initializer', spec, Object.keys(initializers)) });
}
