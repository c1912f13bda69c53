// the benchmark's markdown tables: median (min–max) per runtime, and how strata's speed compares with each peer

/** One runtime's JSON result (the NumPy scripts' format) and the 1-minute load average when it started. */
export interface Row {
  label: string;
  result: Result;
  load: number;
}
export interface Result {
  name: string;
  unit?: string;
  median?: number;
  min?: number;
  max?: number;
  entries?: Entry[];
  extra: Record<string, unknown>;
}
interface Entry {
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
}
export interface CaseResult {
  name: string;
  rows: Row[];
}

const lowerIsBetter = (unit: string) => unit === 'ms' || unit === 'us';
const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));

/** How many times faster strata is than the peer (> 1: strata faster), from two medians. */
export function speedRatio(unit: string, strata: number, peer: number): number {
  return lowerIsBetter(unit) ? peer / strata : strata / peer;
}

const STRATA = ['strata-default', 'strata-wasm', 'strata-wasm-2t', 'strata-wasm-relaxed', 'strata-js'];

function entriesOf(row: Row): Entry[] {
  const r = row.result;
  return r.entries ?? [{ name: r.name, unit: r.unit!, median: r.median!, min: r.min!, max: r.max! }];
}

export function formatCase({ name, rows }: CaseResult): string {
  if (rows.length === 0) return `### ${name}\n\n(no results)`;
  const strata = STRATA.filter((s) => rows.some((r) => r.label === s));
  const header = ['', ...rows.map((r) => r.label)];
  const lines = [`### ${name}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  const names = entriesOf(rows[0]).map((e) => e.name);
  for (const entryName of names) {
    const cells = rows.map((row) => entriesOf(row).find((e) => e.name === entryName));
    const unit = cells.find((c) => c)?.unit ?? '';
    lines.push(
      `| ${entryName} (${unit}) | ${cells.map((c) => (c ? `${fmt(c.median)} (${fmt(c.min)}–${fmt(c.max)})` : '–')).join(' | ')} |`,
    );
    for (const s of strata) {
      const mine = cells[rows.findIndex((r) => r.label === s)];
      if (!mine) continue;
      const ratios = cells.map((c, i) =>
        c && rows[i].label !== s ? `${fmt(speedRatio(unit, mine.median, c.median))}×` : '',
      );
      lines.push(`| ↳ ${s} speed ÷ this | ${ratios.join(' | ')} |`);
    }
  }
  lines.push('', `1-min load average when each started: ${rows.map((r) => `${r.label} ${r.load}`).join(', ')}.`);
  const extras = rows
    .map((r) => {
      const e = r.result.extra;
      const bits = [
        'samples',
        'first_run_ms',
        'peak_rss_bytes',
        'wasm_build',
        'threads',
        'pool_jobs',
        'worker_chunks',
        'blas_threads',
        'dtype',
        'threads_flag',
      ]
        .filter((k) => e[k] !== undefined)
        .map((k) => `${k}=${k === 'peak_rss_bytes' ? `${Math.round(Number(e[k]) / 2 ** 20)} MiB` : String(e[k])}`);
      return bits.length ? `${r.label}: ${bits.join(', ')}` : '';
    })
    .filter(Boolean);
  if (extras.length) lines.push('', extras.join('; ') + '.');
  return lines.join('\n');
}
