// Runs one bundled action as a workflow step would (testkit's runner harness: INPUT_*
// environment, GITHUB_* files, event payload), prints its job summary, and checks the
// outcome the flow expects of it.
import { join } from 'node:path';
import { type ActionRun, runAction } from '../../packages/testkit/src/index.ts';
import { bold, dim, green, indent, red, renderMarkdown, yellow } from './terminal.ts';

const actionsDir = join(import.meta.dirname, '..', '..', 'actions');

/** What the runner sets for a push of `ref` at `sha`. */
export interface Trigger {
  readonly ref: string;
  readonly sha: string;
}

export interface StepOptions {
  readonly inputs: Record<string, string | boolean>;
  readonly trigger: Trigger;
  readonly env?: Record<string, string>;
  /** The flow expects this step to fail (the bad release's deploy). */
  readonly expectFailure?: boolean;
}

export interface StepRecord {
  readonly title: string;
  readonly action: string;
  readonly ok: boolean;
  readonly outcome: string;
  readonly seconds: number;
}

export class StepFailed extends Error {}

/** Output as the runner shows it: workflow commands that set masks dropped, masked values as ***. */
function masked(text: string, masks: readonly string[]): string {
  let shown = text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  for (const secret of masks) {
    for (const line of secret.split('\n')) if (line.trim() !== '') shown = shown.split(line).join('***');
  }
  return shown;
}

function pushEnvironment({ ref, sha }: Trigger): { env: Record<string, string>; event: unknown } {
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  return {
    env: {
      GITHUB_REF: ref,
      GITHUB_REF_NAME: name,
      GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      GITHUB_SHA: sha,
    },
    event: {
      ref,
      after: sha,
      head_commit: { id: sha },
      repository: { full_name: 'octo-org/octo-app', html_url: 'https://github.com/octo-org/octo-app' },
    },
  };
}

export class Flow {
  readonly records: StepRecord[] = [];
  #steps = 0;
  readonly #workspace: string;
  readonly #env: Record<string, string>;

  constructor(workspace: string, env: Record<string, string>) {
    this.#workspace = workspace;
    this.#env = env;
  }

  async step(title: string, action: string, options: StepOptions): Promise<ActionRun> {
    const number = ++this.#steps;
    console.log(`\n${bold(`━━ ${number}. ${title}`)}  ${dim(`uses: ${action} · ${options.trigger.ref}`)}`);
    const push = pushEnvironment(options.trigger);
    const run = await runAction(join(actionsDir, action), {
      inputs: options.inputs,
      env: { ...this.#env, ...push.env, ...options.env },
      event: push.event,
      eventName: 'push',
      workspace: this.#workspace,
      githubToken: 'ghs_local-run-token-not-used-by-these-registries',
      timeoutMs: 300_000,
    });

    const show = (text: string) => masked(text, run.masks);
    // How the step signed in to each registry (the actions log it; secrets never are).
    for (const line of run.stdout.split('\n')) {
      if (/^Registry \S+: (credentials from \S+|anonymous)$/.test(line)) console.log(indent(dim(line)));
    }
    const summary = show(run.summary.trim());
    console.log(summary ? indent(renderMarkdown(summary)) : indent(dim('(no job summary)')));
    for (const warning of run.warnings)
      console.log(indent(yellow(`warning: ${show(warning).split('\n')[0]}`)));
    // The annotations' first lines: with a summary, the details are already above.
    for (const error of run.errors) {
      console.log(indent(red(`error: ${summary ? show(error).split('\n')[0] : show(error)}`)));
    }

    const failed = run.exitCode !== 0;
    const ok = failed === (options.expectFailure ?? false);
    const seconds = run.durationMs / 1000;
    const outcome = failed ? `failed (exit ${run.exitCode})` : 'succeeded';
    this.records.push({ title, action, ok, outcome, seconds });
    const verdict = ok
      ? green(`✓ ${outcome}${options.expectFailure ? ', as expected' : ''}`)
      : red(`✗ ${outcome}, expected ${options.expectFailure ? 'a failure' : 'success'}`);
    console.log(indent(`${verdict} ${dim(`in ${seconds.toFixed(1)} s`)}`));
    if (!ok) {
      console.log(indent(dim(show(`stdout:\n${run.stdout.trim()}\nstderr:\n${run.stderr.trim()}`)), '    '));
      throw new StepFailed(`step ${number} (${title}) ${outcome}`);
    }
    return run;
  }

  /** A check of the flow's own (not an action): prints it and records it. */
  check(title: string, ok: boolean, detail: string): void {
    console.log(indent(`${ok ? green('✓') : red('✗')} ${title}: ${detail}`));
    this.records.push({ title, action: 'check', ok, outcome: ok ? 'passed' : 'failed', seconds: 0 });
    if (!ok) throw new StepFailed(`check failed: ${title}`);
  }

  recap(): string {
    let number = 0;
    const rows = this.records.map((record) => [
      record.action === 'check' ? '' : `${++number}`,
      record.title,
      record.action,
      record.ok ? record.outcome : `${record.outcome} ✗`,
      record.action === 'check' ? '' : `${record.seconds.toFixed(1)} s`,
    ]);
    const table = [['#', 'step', 'uses', 'outcome', 'time'], ...rows];
    return renderMarkdown(table.map((row) => `| ${row.join(' | ')} |`).join('\n'));
  }
}
