// Cold start of each action: wall time and peak RSS of its dist run as the runner starts it,
// with the required inputs missing (so it stops at the first input check), against bare
// `node -e 0` on the same Node binary, interleaved in one run. Writes the markdown table to
// docs/performance/cold-start.md.
// Usage: node scripts/bench-cold-start.ts [--runs 15] [--warmup 2] [--out FILE | --no-write]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
// `yaml` is a testkit dependency, not the root's: resolve it from there.
const { parse: parseYaml } = createRequire(join(root, 'packages', 'testkit', 'package.json'))('yaml') as {
  parse(text: string): unknown;
};

const budget = { overheadMs: 100, rssMb: 80 };
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    out: { type: 'string', default: join(root, 'docs', 'performance', 'cold-start.md') },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!existsSync('/usr/bin/time'))
  throw new Error('/usr/bin/time is missing: install the Debian package `time`');
const warmup = Number(values.warmup);

interface Target {
  readonly name: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  /** A check that the run did what is measured (an action: exit 1 with one `::error::`). */
  readonly check: (exitCode: number, stdout: string) => string | undefined;
}

interface Sample {
  readonly wallMs: number;
  readonly rssKb: number;
}

const temp = await mkdtemp(join(tmpdir(), 'bench-cold-start-'));
try {
  const targets = [bareNode(), ...(await actionTargets())];
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    // Rotate the order each round so no target always runs right after another.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      const sample = await measure(target);
      if (round >= warmup) samples.get(target.name)!.push(sample);
    }
  }
  const report = render(targets, samples);
  console.log(report);
  if (!values['no-write']) {
    await mkdir(dirname(values.out), { recursive: true });
    await writeFile(values.out, report);
    console.error(`written to ${relative(root, values.out)}`);
  }
} finally {
  await rm(temp, { recursive: true, force: true });
}

function bareNode(): Target {
  return {
    name: 'bare `node -e 0`',
    args: ['-e', '0'],
    env: { PATH: process.env.PATH ?? '', HOME: temp },
    check: (code) => (code === 0 ? undefined : `exit ${code}`),
  };
}

/** Every action with a built dist, with the environment the runner gives a step (input defaults included). */
async function actionTargets(): Promise<Target[]> {
  const actionsDir = join(root, 'actions');
  const targets: Target[] = [];
  for (const name of readdirSync(actionsDir).sort()) {
    const dir = join(actionsDir, name);
    if (!existsSync(join(dir, 'action.yml'))) continue;
    const metadata = parseYaml(await readFile(join(dir, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { default?: unknown }>;
      runs: { main: string };
    };
    const main = join(dir, metadata.runs.main);
    if (!existsSync(main)) throw new Error(`${name}: ${relative(root, main)} is missing; run pnpm build`);
    const files: Record<string, string> = {};
    for (const key of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH']) {
      files[key] = join(temp, `${name}-${key.toLowerCase()}`);
      await writeFile(files[key], '');
    }
    files.GITHUB_EVENT_PATH = join(temp, `${name}-event.json`);
    await writeFile(files.GITHUB_EVENT_PATH, '{}');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: temp,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REPOSITORY: 'octo-org/octo-app',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF: 'refs/heads/main',
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: temp,
      ...files,
    };
    for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
      if (spec?.default === undefined) continue;
      const value = String(spec.default).replace(/\$\{\{[^}]*\}\}/g, '');
      env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`] = value;
    }
    targets.push({
      name,
      args: [main],
      env,
      check: (code, stdout) => {
        const errors = stdout.split('\n').filter((line) => line.startsWith('::error'));
        return code === 1 && errors.length === 1
          ? undefined
          : `exit ${code}, ${errors.length} ::error:: lines`;
      },
    });
  }
  return targets;
}

/** One run under `/usr/bin/time` (its maximum resident set size); wall time from here. */
async function measure(target: Target): Promise<Sample> {
  const timeFile = join(temp, 'time');
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, ...target.args], {
    cwd: temp,
    env: target.env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  const wallMs = performance.now() - started;
  const problem = target.check(exitCode, stdout);
  if (problem) throw new Error(`${target.name}: not the run being measured (${problem}):\n${stdout}`);
  const rssKb = Number(/(\d+)\s*$/.exec(await readFile(timeFile, 'utf8'))?.[1]);
  return { wallMs, rssKb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function render(targets: Target[], samples: Map<string, Sample[]>): string {
  const stats = (name: string) => {
    const list = samples.get(name)!;
    return { wallMs: median(list.map((s) => s.wallMs)), rssMb: median(list.map((s) => s.rssKb)) / 1024 };
  };
  const bare = stats(targets[0]!.name);
  const rows = targets.map((target, i) => {
    const { wallMs, rssMb } = stats(target.name);
    const overhead = wallMs - bare.wallMs;
    const ok = overhead <= budget.overheadMs && rssMb <= budget.rssMb;
    return [
      i === 0 ? target.name : `\`${target.name}\``,
      wallMs.toFixed(0),
      i === 0 ? '—' : `+${overhead.toFixed(0)}`,
      rssMb.toFixed(1),
      i === 0 ? '—' : `+${(rssMb - bare.rssMb).toFixed(1)}`,
      i === 0 ? '—' : ok ? 'within' : '**over**',
    ];
  });
  const table = alignedTable(
    [
      'program',
      'wall median (ms)',
      'over bare node (ms)',
      'peak RSS median (MB)',
      'over bare node (MB)',
      'budget',
    ],
    [false, true, true, true, true, false],
    rows,
  );
  const cpu = cpus();
  return [
    '# Cold start',
    '',
    `Budget per action: at most ${budget.overheadMs} ms over bare node, and at most ${budget.rssMb} MB peak RSS.`,
    '',
    "Each action's `dist` runs as the runner starts it (input defaults from `action.yml`, the",
    '`GITHUB_*` files) with its required inputs missing, so it stops with one `::error::` and exit 1;',
    `bare \`node -e 0\` runs on the same binary in the same run. ${runs} runs each after ${warmup} warm-up`,
    'rounds, interleaved; wall time measured by the parent, peak RSS by `/usr/bin/time -f %M`',
    '(both include the `/usr/bin/time` wrapper, the same for every row).',
    '',
    ...table,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`pnpm bench:cold-start\` at ${revision()}:`,
    `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'},`,
    `load average ${loadavg()[0]!.toFixed(2)} at the end (a shared machine: absolute times vary, the`,
    'overhead column is the comparable figure).',
    '',
  ].join('\n');
}

/** A markdown table with padded columns, as the repository's formatter writes it. */
function alignedTable(header: string[], right: boolean[], rows: string[][]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = widths.map((width, i) => (right[i] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)));
  return [line(header), line(rule), ...rows.map(line)];
}

/** The commit the dists were measured at, marked `-dirty` when the working tree had changes. */
function revision(): string {
  return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' }).trim();
}
