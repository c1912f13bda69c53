// npx tsx bench/cnn-ab.ts --base DIR [--rounds N] [--runs N] [--nets cnn-small,cnn-keras]: cnn-train.ts in this
// tree and in DIR (a copy of the starting commit, e.g. `git archive a9fb675 | tar -x -C DIR` plus a node_modules
// link), on one and two threads, beside PyTorch on one and two (bench/reference/cnn_torch.py, /usr/bin/python3), all
// in one run: each round runs every variant once, in an order that rotates per round, so each sees the same load.
// Prints per net and variant the median (min–max) of every timed run, and the ratios of the medians.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i].startsWith('--')) flags.set(process.argv[i].slice(2), process.argv[i + 1] ?? '');
const base = flags.get('base');
if (!base) throw new Error('--base DIR: a copy of the starting commit');
const rounds = Number(flags.get('rounds') ?? 3);
const runs = flags.get('runs') ?? '3';
const nets = flags.get('nets')?.split(',') ?? ['cnn-small', 'cnn-keras'];
const python = flags.get('python') ?? '/usr/bin/python3';

interface Variant {
  label: string;
  command: (net: string) => string[];
  cwd: string;
}
const strata = (cwd: string, runtime: string) => (net: string) => [
  process.execPath,
  '--expose-gc',
  '--import',
  'tsx',
  'bench/cases/cnn-train.ts',
  '--net',
  net,
  '--runtime',
  runtime,
  '--runs',
  runs,
  '--json',
];
const torch = (threads: string) => (net: string) => [
  python,
  'bench/reference/cnn_torch.py',
  '--net',
  net,
  '--threads',
  threads,
  '--runs',
  runs,
  '--json',
];
const VARIANTS: Variant[] = [
  { label: 'base 1t', command: strata(base, 'strata-wasm'), cwd: base },
  { label: 'this 1t', command: strata(root, 'strata-wasm'), cwd: root },
  { label: 'base 2t', command: strata(base, 'strata-wasm-2t'), cwd: base },
  { label: 'this 2t', command: strata(root, 'strata-wasm-2t'), cwd: root },
  { label: 'torch 1t', command: torch('1'), cwd: root },
  { label: 'torch 2t', command: torch('2'), cwd: root },
];

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const loads: number[] = [];
for (const net of nets) {
  const values = new Map<string, number[]>(VARIANTS.map((v) => [v.label, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < VARIANTS.length; i++) {
      const v = VARIANTS[(i + r) % VARIANTS.length];
      loads.push(loadavg()[0]);
      const [cmd, ...args] = v.command(net);
      const child = spawnSync(cmd, args, { cwd: v.cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      if (child.status !== 0 || !line.startsWith('{')) {
        process.stderr.write(`${net} ${v.label} failed (${child.status}): ${child.stderr.slice(-500)}\n`);
        continue;
      }
      const result = JSON.parse(line) as { runs?: number[]; median: number };
      values.get(v.label)!.push(...(result.runs ?? [result.median]));
      process.stderr.write(`${net} round ${r} ${v.label}: ${result.median.toFixed(0)}\n`);
    }
  }
  const med = new Map([...values].map(([k, v]) => [k, median(v)]));
  console.log(`\n${net} (samples/s, ${rounds} rounds × ${runs} runs):`);
  for (const [label, v] of values)
    console.log(
      `  ${label.padEnd(9)} ${med.get(label)!.toFixed(0).padStart(6)} (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`,
    );
  const ratio = (a: string, b: string) => (med.get(a)! / med.get(b)!).toFixed(3);
  console.log(
    `  this/base: 1t ${ratio('this 1t', 'base 1t')}, 2t ${ratio('this 2t', 'base 2t')}; ` +
      `÷ torch 1t: this 1t ${ratio('this 1t', 'torch 1t')}, this 2t ${ratio('this 2t', 'torch 1t')}, ` +
      `base 1t ${ratio('base 1t', 'torch 1t')}, base 2t ${ratio('base 2t', 'torch 1t')}`,
  );
}
console.log(`load average during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
