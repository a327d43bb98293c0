// Cold start of each action: wall time and peak RSS of its dist run as the runner starts it,
// with the required inputs missing (so it stops at the first input check), against bare
// `node -e 0` on the same Node binary, interleaved in one run. Writes the markdown table to
// docs/performance/cold-start.md.
// Usage: node scripts/bench-cold-start.ts [--runs 15] [--warmup 2] [--out FILE | --no-write]
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareRunnerEnvironment, type RunnerEnvironment } from '../packages/testkit/src/harness.ts';
import {
  alignedTable,
  measuredOn,
  median,
  publishReport,
  reportOptions,
  requireGnuTime,
  type TimedRun,
  timedRun,
} from './bench/measure.ts';

const root = join(import.meta.dirname, '..');
const budget = { overheadMs: 100, rssMb: 80 };
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    ...reportOptions('cold-start.md'),
  },
});
const runs = Number(values.runs);
requireGnuTime();
const warmup = Number(values.warmup);

interface Target {
  readonly name: string;
  /** How it starts: for an action, the step as the runner sets it up. */
  readonly step: Pick<RunnerEnvironment, 'command' | 'args' | 'env' | 'cwd'>;
  /** A check that the run did what is measured (an action: exit 1 with one `::error::`). */
  readonly check: (exitCode: number | null, stdout: string) => string | undefined;
}

type Sample = Pick<TimedRun, 'wallMs' | 'rssKb'>;

const steps: RunnerEnvironment[] = [];
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
  await publishReport(report, values);
} finally {
  for (const step of steps) await step.cleanup();
}

function bareNode(): Target {
  return {
    name: 'bare `node -e 0`',
    step: {
      command: process.execPath,
      args: ['-e', '0'],
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
      cwd: tmpdir(),
    },
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
    const step = await prepareRunnerEnvironment(dir, {
      env: { GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_REF: 'refs/heads/main' },
    });
    steps.push(step);
    const main = step.args[0]!;
    if (!existsSync(main)) throw new Error(`${name}: ${relative(root, main)} is missing; run pnpm build`);
    targets.push({
      name,
      step,
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

async function measure({ name, step, check }: Target): Promise<Sample> {
  const { wallMs, rssKb, exitCode, stdout } = await timedRun(step.command, step.args, step);
  const problem = check(exitCode, stdout);
  if (problem) throw new Error(`${name}: not the run being measured (${problem}):\n${stdout}`);
  return { wallMs, rssKb };
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
    ...measuredOn('pnpm bench:cold-start', ['actions']),
    '(a shared machine: absolute times vary, the overhead column is the comparable figure).',
    '',
  ].join('\n');
}
