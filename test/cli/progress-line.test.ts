import { describe, expect, it } from 'vitest';
import * as st from '../../src/index.js';
import { formatSeconds } from '../../src/callbacks/progress-logger.js';

async function train(sink: st.ProgressSink, extra: st.Callback[] = []): Promise<void> {
  st.setSeed(3);
  const model = st.sequential({ layers: [st.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const x = Array.from({ length: 40 }, (_, i) => [i % 2, (i * 7) % 3]);
  const y = x.map(([a]) => a);
  await model.fit(x, y, {
    epochs: 3,
    batchSize: 4,
    validationSplit: 0.25,
    verbose: 0,
    callbacks: [...extra, new st.ProgressLogger(undefined, 1, sink)],
  });
}

describe('the Keras-style progress line', () => {
  it('prints one full line per epoch when the output is not a terminal, reading the counts at train begin', async () => {
    const writes: string[] = [];
    await train({ isTTY: false, write: (t) => writes.push(t) });
    expect(writes).toHaveLength(3);
    for (const [i, line] of writes.entries())
      expect(line).toMatch(
        new RegExp(
          `^Epoch ${i + 1}/3 ━{20} 8/8 - \\d+(ms|\\.\\d+s) \\d+(µs|ms)/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}\\n$`,
        ),
      );
  });

  it('redraws in place on a terminal, cut to its width, and ends each epoch with a newline', async () => {
    const writes: string[] = [];
    // ESC spelled out, so the patterns below stay readable (and free of control characters)
    await train({ isTTY: true, columns: 60, write: (t) => writes.push(t.replaceAll('\x1b[K', '<clear>')) });
    const redraws = writes.filter((w) => !w.endsWith('\n'));
    expect(redraws.length).toBeGreaterThanOrEqual(3);
    for (const w of redraws) {
      expect(w).toMatch(/^\rEpoch \d\/3 [━─]{20} \d\/8 .+<clear>$/);
      expect(w.replace('\r', '').replace('<clear>', '').length).toBeLessThanOrEqual(59);
    }
    const ends = writes.filter((w) => w.endsWith('\n'));
    expect(ends).toHaveLength(3);
    expect(ends[2]).toMatch(/^\rEpoch 3\/3 ━{20} 8\/8 - .+ - val_accuracy: \d\.\d{4}<clear>\n$/);
  });

  it('shows how far a stopped epoch got', async () => {
    const writes: string[] = [];
    const stopper: st.Callback = {
      onBatchEnd(batch, _logs, ctx) {
        if (batch === 2) ctx.stopTraining = true;
      },
    };
    await train({ isTTY: false, write: (t) => writes.push(t) }, [stopper]);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^Epoch 1\/3 ━{8}─{12} 3\/8 - /);
  });

  it('formats durations', () => {
    expect([0.0004, 0.25, 4.23, 59.96, 187, 3725].map(formatSeconds)).toEqual([
      '0ms',
      '250ms',
      '4.2s',
      '1m00s',
      '3m07s',
      '1h02m',
    ]);
  });
});
