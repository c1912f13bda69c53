import type { Callback, Logs, TrainContext, TrainParams } from './callback.js';

/** Where progress goes: a terminal stream when there is one, else whole lines. */
export interface ProgressSink {
  readonly isTTY: boolean;
  /** The terminal's width; in-place lines are cut to it, since a wrapped line cannot be redrawn. */
  readonly columns?: number;
  write(text: string): void;
}

interface WritableLike {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** process.stdout in Node, console.log elsewhere; found at run time, so the core imports nothing from node:. */
export function defaultSink(): ProgressSink {
  const stdout = (globalThis as { process?: { stdout?: WritableLike } }).process?.stdout;
  if (stdout && typeof stdout.write === 'function') {
    return {
      isTTY: stdout.isTTY === true,
      get columns() {
        return stdout.columns;
      },
      write: (t) => void stdout.write(t),
    };
  }
  return { isTTY: false, write: (t) => console.log(t.replace(/\n$/, '')) };
}

export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}: ${v.toFixed(4)}`)
    .join(' - ');
}

/** 850ms, 4.2s, 3m07s, 1h02m. */
export function formatSeconds(s: number): string {
  if (s < 0.9995) return `${Math.round(s * 1000)}ms`;
  if (s < 59.95) return `${s.toFixed(1)}s`;
  const whole = Math.round(s);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h${pad(Math.round((whole % 3600) / 60))}m`;
}

/** Time per batch: microseconds for tiny networks, where milliseconds would round to 0. */
function formatStep(s: number): string {
  return s < 1e-3 ? `${Math.max(1, Math.round(s * 1e6))}µs` : formatSeconds(s);
}

const BAR = 20;
const REDRAW_MS = 50;

function bar(done: number): string {
  const filled = Math.min(BAR, Math.round(done * BAR));
  return '━'.repeat(filled) + '─'.repeat(BAR - filled);
}

/**
 * Keras-style progress: verbose 1 redraws `Epoch n/N`, a bar over the batches, elapsed and remaining time and the
 * running loss and metrics in place on a terminal, and ends each epoch with a full line that adds the `val_` values
 * (one such line per epoch when the output is not a terminal); verbose 2 prints one short line per epoch.
 * `fit({ verbose })` adds one; to send progress elsewhere, pass `new ProgressLogger(undefined, 1, sink)` as a callback
 * with `verbose: 0` and it reads the epoch and batch counts when training begins.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const lines: string[] = [];
 * const progress = new st.ProgressLogger(undefined, 1, { isTTY: false, write: (t) => lines.push(t) });
 * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * await model.fit([[1], [2]], [2, 4], { epochs: 2, verbose: 0, callbacks: [progress] });
 * console.log(lines[1]); // Epoch 2/2 ━━━━━━━━━━━━━━━━━━━━ 1/1 - 1ms 1ms/step - loss: …
 * ```
 */
export class ProgressLogger implements Callback {
  #params?: TrainParams;
  #epochStart = 0;
  #lastDraw = 0;
  #epoch = 0;
  #batches = 0;

  /** `params` may be left undefined: the logger then takes them from the training context when training begins. */
  constructor(
    params: TrainParams | undefined,
    readonly verbose: 1 | 2 = 1,
    readonly sink: ProgressSink = defaultSink(),
  ) {
    this.#params = params;
  }

  get params(): TrainParams | undefined {
    return this.#params;
  }

  #prefix(): string {
    const epochs = this.#params?.epochs ?? 0;
    return `Epoch ${String(this.#epoch + 1).padStart(String(epochs).length)}/${epochs}`;
  }

  #steps(): number {
    return this.#params?.steps ?? 0;
  }

  /** Cut to the terminal width so `\r` can redraw it (a wrapped line leaves its first half behind). */
  #fit(line: string): string {
    const width = this.sink.columns;
    return width !== undefined && width > 1 && line.length > width - 1 ? line.slice(0, width - 2) + '…' : line;
  }

  onTrainBegin(ctx: TrainContext): void {
    this.#params ??= ctx.history?.params;
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
    this.#epochStart = performance.now();
    this.#lastDraw = 0;
    this.#batches = 0;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    this.#batches = batch + 1;
    if (this.verbose !== 1 || !this.sink.isTTY) return;
    const steps = this.#steps();
    const now = performance.now();
    if (now - this.#lastDraw < REDRAW_MS && batch + 1 < steps) return;
    this.#lastDraw = now;
    const done = steps > 0 ? (batch + 1) / steps : 1;
    const elapsed = (now - this.#epochStart) / 1000;
    const eta = done > 0 ? (elapsed / done) * (1 - done) : 0;
    const timing = `${formatSeconds(elapsed)}, eta ${formatSeconds(eta)}`;
    const line = `${this.#prefix()} ${bar(done)} ${batch + 1}/${steps} ${timing} - ${formatLogs(logs)}`;
    this.sink.write(`\r${this.#fit(line)}\x1b[K`);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const seconds = (performance.now() - this.#epochStart) / 1000;
    const elapsed = formatSeconds(seconds);
    if (this.verbose === 2) {
      this.sink.write(`${this.#prefix()} - ${elapsed} - ${formatLogs(logs)}\n`);
      return;
    }
    const steps = this.#steps();
    // a stopped epoch (Ctrl-C, a callback) shows how far it got
    const batches = this.#batches || steps;
    const perStep = formatStep(seconds / Math.max(1, batches));
    const progress = `${bar(steps > 0 ? batches / steps : 1)} ${batches}/${steps}`;
    const lead = this.sink.isTTY ? '\r' : '';
    const line = `${this.#prefix()} ${progress} - ${elapsed} ${perStep}/step - ${formatLogs(logs)}`;
    this.sink.write(`${lead}${line}${lead ? '\x1b[K' : ''}\n`);
  }
}
