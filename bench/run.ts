// npm run bench: every case on strata (js, wasm, wasm with relaxed SIMD), TensorFlow.js (cpu, wasm), the NumPy
// reference and (the conv nets) PyTorch, each in a child process of its own; prints the tables and writes
// bench/results/latest.{json,md}.
// Flags: --only spiral,gemm   --runs N (default 5, spiral 11)   --runtimes strata-wasm,numpy-1t   --quick (fewer samples)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatCase, type CaseResult, type Row } from './table.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i].startsWith('--')) flags.set(process.argv[i].slice(2), process.argv[i + 1] ?? '');
const runsOf = (c: Case): string => flags.get('runs') ?? c.runs ?? '5';
const only = flags.get('only')?.split(',');
const onlyRuntimes = flags.get('runtimes')?.split(',');

interface Runner {
  label: string;
  /** A TypeScript case run with node (+ flags), or a NumPy or PyTorch script run with python3. */
  command: (c: Case) => string[] | null;
}
interface Case {
  name: string;
  script: string;
  /** The NumPy reference script, where there is one. */
  numpy?: string;
  /** The PyTorch (CPU) reference script, run with one and with two threads where PyTorch is installed. */
  torch?: string;
  /** Flags every runtime's command gets (the recurrent cases share one script and one reference). */
  args?: string[];
  /** Timed runs when --runs is not given (every runtime alike). */
  runs?: string;
  /** Extra flags per runner label (the slow runtimes train mlp-784 on part of the epoch). */
  options?: Record<string, string[]>;
}

const CASES: Case[] = [
  // its runs are short (20 ms to 2 s) and V8 keeps tiering up over the first few thousand epochs: 11 runs put the
  // median past that for the JavaScript runtimes (the untimed first run's time is reported as first_run_ms)
  { name: 'spiral', script: 'spiral.ts', numpy: 'spiral.py', runs: '11' },
  { name: 'circles-complete', script: 'circles-complete.ts', numpy: 'circles_complete.py' },
  { name: 'keras-classification', script: 'keras-classification.ts', numpy: 'keras_classification.py' },
  {
    name: 'mlp-784',
    script: 'mlp-784.ts',
    numpy: 'mlp784.py',
    options: {
      'strata-js': ['--samples', '3200'],
      'tfjs-cpu': ['--samples', '3200'],
      'tfjs-wasm': ['--samples', '12800'],
    },
  },
  { name: 'gemm', script: 'gemm.ts', numpy: 'gemm.py' },
  // issue 13: a few training steps per run (TF.js cpu one step, about 3 s for char-lstm), after three warm-up steps
  ...(['lstm', 'gru'] as const).map((cell) => ({
    name: `char-${cell}`,
    script: 'char-lstm.ts',
    torch: 'rnn_char.py',
    args: ['--cell', cell],
    options: { 'tfjs-cpu': ['--steps', '1'], 'tfjs-wasm': ['--steps', '1'], 'strata-js': ['--steps', '2'] },
  })),
  {
    name: 'lstm-small',
    script: 'char-lstm.ts',
    torch: 'rnn_char.py',
    args: ['--size', 'small', '--steps', '50'],
    options: { 'tfjs-cpu': ['--steps', '5'], 'tfjs-wasm': ['--steps', '5'] },
  },
  // issue 12's conv nets; the slow runtimes take fewer steps and runs (samples/s is a rate); TF.js wasm may throw
  ...(['cnn-small', 'cnn-keras'] as const).map((net) => ({
    name: net,
    script: 'cnn-train.ts',
    torch: 'cnn_torch.py',
    args: ['--net', net],
    options: {
      'strata-js': ['--steps', net === 'cnn-small' ? '10' : '3', '--runs', '3'],
      // ≈ 20 s a step on cnn-small and minutes on cnn-keras here (2 cores, loaded)
      'tfjs-cpu':
        net === 'cnn-small'
          ? ['--steps', '2', '--warmup', '1', '--runs', '3']
          : ['--steps', '1', '--warmup', '0', '--runs', '1'],
      'tfjs-wasm': ['--steps', net === 'cnn-small' ? '10' : '3'],
    },
  })),
];

const ts =
  (runtime: string, nodeFlags: string[] = []) =>
  (c: Case) => [
    process.execPath,
    ...nodeFlags,
    '--expose-gc',
    '--import',
    'tsx',
    `bench/cases/${c.script}`,
    '--runtime',
    runtime,
    '--runs',
    runsOf(c),
    '--json',
    ...(c.args ?? []),
    ...(c.options?.[runtime] ?? []),
  ];
const py =
  (...extra: string[]) =>
  (c: Case) =>
    c.numpy === undefined ? null : ['python3', `bench/reference/${c.numpy}`, '--runs', runsOf(c), '--json', ...extra];
// PyTorch is Debian's python3-torch, installed for the system Python only (pyenv's python3 lacks it): the first of
// these interpreters that imports torch runs the PyTorch references
const torchPython = ['python3', '/usr/bin/python3'].find(
  (python) => spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0,
);
const torch =
  (threads: string) =>
  (c: Case): string[] | null =>
    c.torch === undefined || torchPython === undefined
      ? null
      : [
          torchPython,
          `bench/reference/${c.torch}`,
          '--runs',
          runsOf(c),
          '--json',
          '--threads',
          threads,
          ...(c.args ?? []),
        ];

const RUNNERS: Runner[] = [
  { label: 'strata-default', command: ts('strata-default') },
  { label: 'strata-wasm', command: ts('strata-wasm') },
  { label: 'strata-wasm-2t', command: ts('strata-wasm-2t') },
  { label: 'strata-wasm-relaxed', command: ts('strata-wasm', ['--experimental-wasm-relaxed-simd']) },
  { label: 'strata-js', command: ts('strata-js') },
  { label: 'tfjs-wasm', command: ts('tfjs-wasm') },
  { label: 'tfjs-cpu', command: ts('tfjs-cpu') },
  { label: 'numpy', command: (c) => (c.name === 'mlp-784' || !c.numpy ? null : py()(c)) },
  { label: 'numpy-1t', command: (c) => (c.name === 'mlp-784' ? py('--threads', '1')(c) : null) },
  { label: 'numpy-2t', command: (c) => (c.name === 'mlp-784' ? py('--threads', '2')(c) : null) },
  { label: 'numpy-1t-tuned', command: (c) => (c.name === 'mlp-784' ? py('--threads', '1', '--tune-malloc')(c) : null) },
  { label: 'torch-1t', command: torch('1') },
  { label: 'torch-2t', command: torch('2') },
];

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) console.log('NumPy is not installed for python3: the NumPy reference columns are skipped.');
if (torchPython === undefined)
  console.log('PyTorch is installed for neither python3 nor /usr/bin/python3: the torch columns are skipped.');
const version = (pkg: string) =>
  JSON.parse(readFileSync(`${root}/node_modules/${pkg}/package.json`, 'utf8')).version as string;

const machine = {
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  memory_gib: +(totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  tfjs: version('@tensorflow/tfjs-core'),
  assemblyscript: version('assemblyscript'),
  load_average_start: loadavg().map((v) => +v.toFixed(2)),
  started: new Date().toISOString(),
};
const results: CaseResult[] = [];
/** Per case, the runtimes that gave no result and why (their error line, e.g. TF.js wasm unable to train). */
const failures = new Map<string, string[]>();
const format = (r: CaseResult): string =>
  formatCase(r) + (failures.has(r.name) ? `\n\nNo result: ${failures.get(r.name)!.join('; ')}.` : '');
for (const c of CASES) {
  if (only && !only.includes(c.name)) continue;
  const rows: Row[] = [];
  for (const runner of RUNNERS) {
    if (onlyRuntimes && !onlyRuntimes.includes(runner.label)) continue;
    if (runner.label.startsWith('numpy') && !hasNumpy) continue;
    const command = runner.command(c);
    if (command === null) continue;
    process.stderr.write(`${c.name} on ${runner.label} … `);
    const load = loadavg()[0];
    const child = spawnSync(command[0], command.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      process.stderr.write(`failed (${child.status})\n${child.stderr.slice(-2000)}\n`);
      const lines = child.stderr.trim().split('\n');
      const why = lines.find((l) => /^\w*Error: |unable to train/.test(l)) ?? lines.pop() ?? '';
      failures.set(c.name, [...(failures.get(c.name) ?? []), `${runner.label} (${why.slice(0, 300)})`]);
      continue;
    }
    const result = JSON.parse(line);
    rows.push({ label: runner.label, result, load: +load.toFixed(2) });
    process.stderr.write('done\n');
  }
  results.push({ name: c.name, rows });
  console.log(format(results[results.length - 1]));
}
const finished = { ...machine, load_average_end: loadavg().map((v) => +v.toFixed(2)) };
mkdirSync(`${root}/bench/results`, { recursive: true });
writeFileSync(`${root}/bench/results/latest.json`, JSON.stringify({ machine: finished, results }, null, 1));
const md = [
  `Machine: ${finished.cpu}, ${finished.cores} cores, ${finished.memory_gib} GiB; Node ${finished.node}; ` +
    `TF.js ${finished.tfjs}; AssemblyScript ${finished.assemblyscript}; load average ${finished.load_average_start.join(' ')}` +
    ` at the start, ${finished.load_average_end.join(' ')} at the end (${finished.started}).`,
  ...results.map(format),
].join('\n\n');
writeFileSync(`${root}/bench/results/latest.md`, md + '\n');
console.log(`\nwrote bench/results/latest.json and latest.md`);
