import { unknownOption } from '../core/suggest.js';
import { ConfigError } from '../core/errors.js';
import { allocate, release, type FloatArray, type Placeable, type WorkingMemory } from '../core/types.js';
import type { ParamSet, UpdateRule } from '../kernels/kernels.js';
import { kernelsFor, workingMemory } from '../tensor/backend.js';
import type { Param } from '../tensor/param.js';
import type { LearningRateSchedule } from './schedules.js';
import { isSparseRule, sparseStep, type PendingRows, type RowScratch } from './sparse-step.js';

export type OptimizerConfig = Readonly<Record<string, unknown>>;

/** Updates trainable params from their grads; `learningRate` may be changed between steps. */
export interface Optimizer {
  readonly name: string;
  /** The rate the next update uses; setting a number replaces any schedule. */
  learningRate: number;
  /** Steps taken so far (Adam's t). */
  readonly iterations: number;
  step(params: readonly Param[]): void;
  /**
   * `step`, checked: when the update leaves a value non-finite, every value is put back as it was before the step
   * and the first bad param and value are returned (null when all are finite). The training loop uses it when present.
   */
  guardedStep?(params: readonly Param[]): NonFinite | null;
  /** Frees the state kept for `params` (slots, backups) now; model.dispose() calls it. */
  dispose?(params: readonly Param[]): void;
  config(): OptimizerConfig;
  /** The live state buffers of `params` (created if missing), named `<param>/<slot>`, for saving and restoring. */
  slots(params: readonly Param[]): { name: string; value: FloatArray }[];
  /** Continues counting steps from `iterations` (Adam's bias correction, schedules), when training resumes. */
  setIterations(iterations: number): void;
}

/** A param an update left non-finite, and the first such value in it. */
export interface NonFinite {
  readonly param: Param;
  readonly value: number;
}

/** Options every optimizer takes. */
export interface CommonOptions {
  /** A fixed rate or a schedule over steps (st.schedules). */
  learningRate?: number | LearningRateSchedule;
  /** Scale each gradient tensor down to at most this L2 norm. */
  clipNorm?: number;
  /** Clamp each gradient element to [−clipValue, clipValue]. */
  clipValue?: number;
}

interface OptimizerSpec {
  name: string;
  where: string;
  options: CommonOptions;
  defaultLearningRate: number;
  /** Settings written into config(), beside learningRate and the clips. */
  settings: Record<string, number | boolean>;
  /** Per-param state buffers, with their initial value, in the order the rule's kernel takes them. */
  slots: Record<string, number>;
  /** The rule at learning rate `lr` and step `t`: only what differs between optimizers (Keras' update_step). */
  rule(lr: number, t: number): UpdateRule;
}

/**
 * A parameter list's set for the kernels, with and without backups, built on first use and again for each model
 * call (`session`), since a call places the arrays in working memory and the next one places them anew.
 */
interface Sets {
  trainable: Param[];
  /** Updated by the kernel's one call over the set. */
  dense: Param[];
  /** Tables with sparseRows, when the rule leaves zero-gradient rows unchanged: only their used rows are stepped. */
  sparse: Param[];
  session: number;
  plain?: ParamSet;
  guarded?: ParamSet;
}

/** The pending rows of a step without tables (shared: never written to). */
const NONE_PENDING: readonly PendingRows[] = [];

/** The set's key outside any model call (arrays where they are). */
const UNPLACED = -1;

export function checkNumber(
  where: string,
  name: string,
  value: unknown,
  range: (v: number) => boolean,
  expected: string,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !range(value))
    throw new ConfigError({
      where,
      expected: `${name} ${expected}`,
      received: String(value),
      hint: `Pass a number for ${name} ${expected}.`,
    });
  return value;
}

const positive = (v: number) => v > 0;

function clip(g: FloatArray, clipNorm: number | undefined, clipValue: number | undefined): void {
  if (clipValue !== undefined)
    for (let i = 0; i < g.length; i++) g[i] = Math.min(clipValue, Math.max(-clipValue, g[i]));
  if (clipNorm !== undefined) {
    let sq = 0;
    for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
    const norm = Math.sqrt(sq);
    if (norm > clipNorm) for (let i = 0; i < g.length; i++) g[i] *= clipNorm / norm;
  }
}

/** Builds an optimizer from its update rule; slots are created per param on first use. */
export function makeOptimizer(spec: OptimizerSpec): Optimizer {
  const { where, options } = spec;
  if (typeof options !== 'object' || options === null)
    throw new ConfigError({
      where,
      expected: 'an options object',
      received: options === null ? 'null' : typeof options,
      hint: `For example ${where.replace('()', '')}({ learningRate: 0.01 }).`,
    });
  // the option names are the settings config() reports, plus the common ones
  const unknown = unknownOption(options, ['learningRate', 'clipNorm', 'clipValue', ...Object.keys(spec.settings)]);
  if (unknown) throw new ConfigError({ where, ...unknown });
  const check = (name: string, v: unknown) => checkNumber(where, name, v, positive, '> 0 and finite');
  const given = options.learningRate ?? spec.defaultLearningRate;
  let schedule = typeof given === 'object' && given !== null && 'valueAt' in given ? given : undefined;
  let learningRate = schedule ? schedule.valueAt(0) : check('learningRate', given);
  const clipNorm = options.clipNorm === undefined ? undefined : check('clipNorm', options.clipNorm);
  const clipValue = options.clipValue === undefined ? undefined : check('clipValue', options.clipValue);
  const slotNames = Object.keys(spec.slots);
  // holders, so a model call can move the arrays into working memory and back
  const state = new Map<Param, Placeable[]>();
  const backups = new Map<Param, Placeable>();
  let sets = new WeakMap<readonly Param[], Sets>();
  const scratch = new Map<Param, RowScratch>();
  // the rule's kind is fixed, so whether tables may be stepped by rows is known from the first step's rule
  const sparseOk = isSparseRule(spec.rule(1, 1));
  let iterations = 0;

  const slotsOf = (p: Param): Placeable[] => {
    let s = state.get(p);
    if (s === undefined) {
      s = slotNames.map((n) => ({ data: allocate(p.value.dtype, p.value.size).fill(spec.slots[n]) }));
      state.set(p, s);
    }
    return s;
  };

  const backupOf = (p: Param): Placeable => {
    let b = backups.get(p);
    if (b === undefined) backups.set(p, (b = { data: allocate(p.value.dtype, p.value.size) }));
    return b;
  };

  /** A new set for a model call (or outside one): its arrays placed in the call's working memory. */
  const newEntry = (params: readonly Param[], trainable: Param[], session: number, memory: WorkingMemory | null) => {
    const sparse = sparseOk ? trainable.filter((p) => p.sparseRows !== undefined) : [];
    const dense = trainable.filter((p) => !sparse.includes(p));
    // every field from the start: one hidden class for the sets of every model call, so compiled steps stay valid
    const entry: Sets = { trainable, dense, sparse, session, plain: undefined, guarded: undefined };
    sets.set(params, entry);
    if (session !== UNPLACED)
      for (const p of trainable) {
        memory!.place(p.value);
        memory!.place(p.grad);
        for (const s of slotsOf(p)) memory!.place(s);
      }
    return entry;
  };

  // called every step: the set is built once per model call, out of line (the step's compiled code stays small)
  const entryOf = (params: readonly Param[]): Sets => {
    const entry = sets.get(params);
    const trainable = entry?.trainable ?? params.filter((p) => p.trainable);
    const memory = workingMemory(trainable.length > 0 ? trainable[0].value.dtype : 'float32');
    const session = memory?.isOpen ? memory.generation : UNPLACED;
    return entry !== undefined && entry.session === session ? entry : newEntry(params, trainable, session, memory);
  };

  const makeSet = (trainable: Param[], guard: boolean): ParamSet => {
    const memory = workingMemory(trainable.length > 0 ? trainable[0].value.dtype : 'float32');
    // backups are overwritten before every read, so they go in without being copied back
    if (guard && memory?.isOpen) for (const p of trainable) memory.place(backupOf(p), false);
    return {
      values: trainable.map((p) => p.value.data),
      grads: trainable.map((p) => p.grad.data),
      slots: slotNames.map((_, s) => trainable.map((p) => slotsOf(p)[s].data)),
      backups: guard ? trainable.map((p) => backupOf(p).data) : null,
    };
  };

  const scratchOf = (p: Param): RowScratch => {
    let s = scratch.get(p);
    if (s === undefined) {
      const empty = allocate(p.value.dtype, 0);
      scratch.set(p, (s = { value: empty, grad: empty, slots: [] }));
    }
    return s;
  };

  /**
   * Runs one update over the entry's params. With `guard`, a step that leaves a value non-finite is undone whole and
   * the first such param (in the list's order) and value are returned; null when all are finite.
   */
  const update = (entry: Sets, guard: boolean): NonFinite | null => {
    const lr = schedule ? schedule.valueAt(iterations) : learningRate;
    iterations++;
    const rule = spec.rule(lr, iterations);
    const k = kernelsFor(entry.trainable.length > 0 ? entry.trainable[0].value.dtype : 'float32');
    const clipping = clipNorm !== undefined || clipValue !== undefined;
    // the tables' rows first, held back until the dense params' step is known to be finite
    const pending =
      entry.sparse.length > 0 && isSparseRule(rule)
        ? entry.sparse.map((p) =>
            sparseStep(
              p,
              slotsOf(p).map((s) => s.data),
              rule,
              k,
              scratchOf(p),
              clipping ? (g) => clip(g, clipNorm, clipValue) : undefined,
            ),
          )
        : NONE_PENDING;
    let bad: NonFinite | null = null;
    let index = entry.trainable.length;
    const set =
      entry.dense.length === 0
        ? undefined
        : guard
          ? (entry.guarded ??= makeSet(entry.dense, true))
          : (entry.plain ??= makeSet(entry.dense, false));
    if (set !== undefined) {
      if (clipping) for (const g of set.grads) clip(g, clipNorm, clipValue);
      const d = k.updateParams(set, rule);
      if (d >= 0) {
        index = entry.trainable.indexOf(entry.dense[d]);
        bad = { param: entry.dense[d], value: set.values[d].find((v) => !Number.isFinite(v))! };
      }
    }
    for (let i = 0; i < pending.length; i++) {
      const rows = pending[i];
      const at = entry.trainable.indexOf(entry.sparse[i]);
      if (guard && rows.nonFinite !== undefined && at < index) {
        index = at;
        bad = { param: entry.sparse[i], value: rows.nonFinite };
      }
    }
    if (bad === null) for (const rows of pending) rows.write();
    else set?.values.forEach((v, i) => v.set(set.backups![i]));
    return bad;
  };

  return {
    name: spec.name,
    get learningRate() {
      return schedule ? schedule.valueAt(iterations) : learningRate;
    },
    set learningRate(value: number) {
      learningRate = checkNumber(`${spec.name}.learningRate`, 'learningRate', value, positive, '> 0 and finite');
      schedule = undefined;
    },
    get iterations() {
      return iterations;
    },
    step(params) {
      update(entryOf(params), false);
    },
    guardedStep: (params) => update(entryOf(params), true),
    slots: (params) =>
      params
        .filter((p) => p.trainable)
        .flatMap((p) => slotsOf(p).map((slot, i) => ({ name: `${p.name}/${slotNames[i]}`, value: slot.data }))),
    dispose(params) {
      for (const p of params) {
        state.get(p)?.forEach((s) => release(s.data));
        const b = backups.get(p);
        if (b) release(b.data);
        state.delete(p);
        backups.delete(p);
        scratch.delete(p);
      }
      sets = new WeakMap(); // the cached sets may hold what was just freed
    },
    setIterations(value) {
      iterations = checkNumber(where, 'iterations', value, (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0');
    },
    config: () => ({
      learningRate: schedule ? { className: schedule.className, config: schedule.config() } : learningRate,
      ...spec.settings,
      clipNorm,
      clipValue,
    }),
  };
}
