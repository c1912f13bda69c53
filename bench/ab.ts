// npm run bench:ab: this tree's default (no configuration: --runtime strata-default) against the starting point,
// commit ce3f5b6 with the WebAssembly kernels selected explicitly (--runtime strata-wasm), in the same run,
// alternating A B B A … per round; then the memory case in a child process per variant, with and without dispose.
// Flags: --rounds N (default 10)   --base DIR (a worktree of the base commit; made with `git worktree add` if missing)
//        --only spiral,mlp-784,circles-complete,keras-classification,memory   --models N (memory case, default 300)
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BASE_COMMIT = 'ce3f5b6';
const root = fileURLToPath(new URL('..', import.meta.url));
const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i].startsWith('--')) flags.set(process.argv[i].slice(2), process.argv[i + 1] ?? '');
const rounds = Number(flags.get('rounds') ?? 10);
const base = flags.get('base') ?? `/tmp/strata-base-${BASE_COMMIT}`;
const only = flags.get('only')?.split(',') ?? [
  ...['spiral', 'mlp-784', 'circles-complete'],
  'keras-classification',
  'memory',
];
const models = flags.get('models') ?? '300';

if (!existsSync(base)) {
  execFileSync('git', ['worktree', 'add', '--detach', base, BASE_COMMIT], { cwd: root, stdio: 'inherit' });
  symlinkSync(`${root}/node_modules`, `${base}/node_modules`);
}
// the memory case is new: the base runs this tree's copy over its own library
copyFileSync(`${root}/bench/cases/memory.ts`, `${base}/bench/cases/memory.ts`);

interface Variant {
  label: string;
  cwd: string;
  runtime: string;
}
const NEW: Variant = { label: 'default (this tree)', cwd: root, runtime: 'strata-default' };
const OLD: Variant = { label: `${BASE_COMMIT} + selectKernels wasm`, cwd: base, runtime: 'strata-wasm' };

interface Result {
  median: number;
  unit: string;
  extra: Record<string, unknown>;
}

function run(v: Variant, script: string, extra: string[]): Result {
  const args = ['--expose-gc', '--import', 'tsx', `bench/cases/${script}`, '--runtime', v.runtime, '--json', ...extra];
  const child = spawnSync(process.execPath, args, { cwd: v.cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{'))
    throw new Error(`${script} on ${v.label} failed (${child.status}):\n${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as Result;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (values: number[]) =>
  `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;

const lines: string[] = [
  `A/B against ${BASE_COMMIT} (base: ${base}); ${rounds} rounds, alternating; load average at the start ` +
    loadavg()
      .map((v) => v.toFixed(2))
      .join(' '),
  '',
];
const timed = [
  {
    name: 'spiral',
    script: 'spiral.ts',
    extra: ['--runs', '11'],
    unit: 'ms per training (lower is better)',
    lower: true,
  },
  { name: 'mlp-784', script: 'mlp-784.ts', extra: ['--runs', '3'], unit: 'samples/s (higher is better)', lower: false },
  {
    name: 'circles-complete',
    script: 'circles-complete.ts',
    extra: ['--runs', '5'],
    unit: 'ms per epoch (lower is better)',
    lower: true,
  },
  {
    name: 'keras-classification',
    script: 'keras-classification.ts',
    extra: ['--runs', '5'],
    unit: 'ms per fit (lower is better)',
    lower: true,
  },
];
for (const c of timed) {
  if (!only.includes(c.name)) continue;
  const values = new Map<Variant, number[]>([
    [NEW, []],
    [OLD, []],
  ]);
  // the two children of a round run back to back: their ratio sees the same load on this shared machine
  const paired: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 === 0 ? [OLD, NEW] : [NEW, OLD]) {
      const result = run(v, c.script, c.extra);
      values.get(v)!.push(result.median);
      process.stderr.write(`${c.name} round ${r + 1} ${v.label}: ${result.median.toFixed(1)}\n`);
    }
    const [a, b] = [values.get(NEW)![r], values.get(OLD)![r]];
    paired.push(c.lower ? b / a : a / b);
  }
  const [a, b] = [median(values.get(NEW)!), median(values.get(OLD)!)];
  const change = c.lower ? b / a : a / b;
  const ratios = `${median(paired).toFixed(3)} (${Math.min(...paired).toFixed(3)}–${Math.max(...paired).toFixed(3)})`;
  lines.push(`### ${c.name}: ${c.unit}, median of each child's median (min–max over rounds)`, '');
  lines.push(
    `| ${NEW.label} | ${OLD.label} | new speed ÷ base speed | per round, median (min–max) |`,
    '| --- | --- | --- | --- |',
  );
  lines.push(`| ${summary(values.get(NEW)!)} | ${summary(values.get(OLD)!)} | ${change.toFixed(3)} | ${ratios} |`, '');
}
if (only.includes('memory')) {
  lines.push(`### memory: ${models} models of 784→256→128→10 (Adam), fit one epoch on 256 rows + one predict`, '');
  lines.push(
    '| variant | dispose() | peak RSS (MB) | time (s) | WebAssembly memory (MB) |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const v of [NEW, OLD])
    for (const dispose of ['0', '1']) {
      const result = run(v, 'memory.ts', ['--models', models, '--dispose', dispose]);
      const wasm = Number(result.extra.wasm_memory_bytes) / 2 ** 20;
      const row = [v.label, dispose === '1' ? 'yes' : 'no', result.median.toFixed(0), String(result.extra.seconds)];
      lines.push(`| ${[...row, wasm.toFixed(0)].join(' | ')} |`);
      process.stderr.write(`memory ${v.label} dispose ${dispose}: ${result.median.toFixed(0)} MB\n`);
    }
  lines.push('');
}
const text = lines.join('\n');
console.log(text);
mkdirSync(`${root}/bench/results`, { recursive: true });
writeFileSync(`${root}/bench/results/ab.md`, text + '\n');
