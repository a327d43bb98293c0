// Every workflow, ours and the examples': third-party actions pinned by full commit SHA with
// the version beside it; this project's own actions and workflows by @main between releases
// or pinned by SHA with the release beside it (pnpm release; check-pins proves the pins
// resolve), or by path, for the e2e run of this commit. Dependabot watches every folder of them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatRepositoryName, repositoryOfPackage } from '../release/repository.ts';
import { isWorkflowPath, selfReference, usesLines } from '../release/uses.ts';

const root = join(import.meta.dirname, '..', '..');
const self = repositoryOfPackage(await readFile(join(root, 'package.json'), 'utf8'));
const name = formatRepositoryName(self);
const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
// actionlint cannot see this project's actions and reusable workflows through their remote
// `uses:` names; the checks below read them from the repository instead.
const yaml = createRequire(join(root, 'packages', 'testkit', 'package.json'))('yaml') as {
  parse(text: string): unknown;
};

/** The workflow files of the working tree, committed or not, whatever their name (ours and the examples'). */
function workflowFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => isWorkflowPath(path))
    .sort();
}

test('every uses: is this project at @main or a release pin, a path, or a third party pinned by SHA with its version', async () => {
  const files = workflowFiles();
  assert.ok(files.includes('.github/workflows/deploy.yml'));
  assert.ok(files.includes('examples/acr-aks/.github/workflows/delivery.yml'));
  assert.ok(files.includes('examples/gitops/workflows/deliver.yml'));
  const offences: string[] = [];
  let own = 0;
  for (const file of files) {
    for (const line of usesLines(await readFile(join(root, file), 'utf8'))) {
      const reference = selfReference(line.target, self);
      if (reference) own++;
      const ok = reference
        ? reference.ref === 'main' ||
          (/^[0-9a-f]{40}$/.test(reference.ref) && /^v\d+\.\d+\.\d+$/.test(line.comment ?? ''))
        : line.target.startsWith('./') ||
          (PINNED.test(line.target) && /^v\d+(\.\d+)*$/.test(line.comment ?? ''));
      if (!ok) offences.push(`${file}:${line.index + 1}: ${line.target} ${line.comment ?? ''}`.trim());
    }
  }
  assert.ok(own > 20, `only ${own} references to ${name}`);
  assert.deepEqual(offences, []);
});

/** Dependabot's directory glob: `*` one path segment, `**` any number of them. */
function globMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split('/')
    .map((segment) =>
      segment === '**' ? '.*' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'),
    )
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}

test("Dependabot's github-actions entry reads every folder that holds a workflow file", async () => {
  const config = yaml.parse(await readFile(join(root, '.github', 'dependabot.yml'), 'utf8')) as {
    updates: { 'package-ecosystem': string; directory?: string; directories?: string[] }[];
  };
  const entry = config.updates.find((update) => update['package-ecosystem'] === 'github-actions');
  assert.ok(entry);
  // "/" stands for /.github/workflows; any other entry is the folder whose YAML files it reads.
  const read = (entry.directories ?? [entry.directory!]).map((directory) =>
    directory === '/' ? '/.github/workflows' : directory.replace(/\/$/, ''),
  );
  const unwatched = [
    ...new Set(workflowFiles().map((file) => `/${file.slice(0, file.lastIndexOf('/'))}`)),
  ].filter((folder) => !read.some((pattern) => globMatches(pattern, folder)));
  assert.deepEqual(unwatched, []);
  assert.ok(globMatches('/examples/*/workflows', '/examples/gitops/workflows'));
  assert.ok(!globMatches('/examples/*', '/examples/acr-aks/.github/workflows'));
});

interface Interface {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  outputs: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

async function ownInterface(target: string): Promise<Interface | undefined> {
  const path = target.startsWith('./actions/') ? target.slice(2) : selfReference(target, self)?.path;
  if (path?.startsWith('actions/')) {
    const metadata = yaml.parse(await readFile(join(root, path, 'action.yml'), 'utf8')) as Interface;
    return { inputs: metadata.inputs ?? {}, outputs: metadata.outputs ?? {}, secrets: {} };
  }
  if (path) {
    const called = yaml.parse(await readFile(join(root, path), 'utf8')) as {
      on: { workflow_call: Partial<Interface> };
    };
    const call = called.on.workflow_call;
    return { inputs: call.inputs ?? {}, outputs: call.outputs ?? {}, secrets: call.secrets ?? {} };
  }
  return undefined;
}

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | 'inherit';
  steps?: Step[];
}

test("calls of this project's actions and reusable workflows use only the inputs, secrets and outputs they declare", async () => {
  const problems: string[] = [];
  let calls = 0;
  for (const file of workflowFiles()) {
    const text = await readFile(join(root, file), 'utf8');
    const { jobs } = yaml.parse(text) as { jobs: Record<string, Job> };
    const check = async (
      where: string,
      target: string,
      given: Record<string, unknown>,
      outputsOf: RegExp,
    ) => {
      const declared = await ownInterface(target);
      if (!declared) return;
      calls++;
      for (const name of Object.keys(given)) {
        if (!(name in declared.inputs))
          problems.push(`${where}: input '${name}' is not declared by ${target}`);
      }
      for (const [name, spec] of Object.entries(declared.inputs)) {
        if (spec?.required === true && spec.default === undefined && !(name in given)) {
          problems.push(`${where}: required input '${name}' of ${target} is missing`);
        }
      }
      for (const match of text.matchAll(outputsOf)) {
        if (!(match[1]! in declared.outputs))
          problems.push(`${where}: output '${match[1]}' is not declared by ${target}`);
      }
    };
    for (const [jobId, job] of Object.entries(jobs)) {
      if (job.uses) {
        await check(
          `${file} job ${jobId}`,
          job.uses,
          job.with ?? {},
          new RegExp(`needs\\.${jobId}\\.outputs\\.([\\w-]+)`, 'g'),
        );
        const declared = await ownInterface(job.uses);
        if (declared && job.secrets && job.secrets !== 'inherit') {
          for (const name of Object.keys(job.secrets)) {
            if (!(name in declared.secrets))
              problems.push(`${file} job ${jobId}: secret '${name}' is not declared by ${job.uses}`);
          }
        }
      }
      for (const [index, step] of (job.steps ?? []).entries()) {
        if (!step.uses) continue;
        const outputs = step.id ? new RegExp(`steps\\.${step.id}\\.outputs\\.([\\w-]+)`, 'g') : /$^/g;
        await check(`${file} job ${jobId} step ${step.id ?? index + 1}`, step.uses, step.with ?? {}, outputs);
      }
    }
  }
  assert.ok(calls > 20, `only ${calls} calls checked`);
  assert.deepEqual(problems, []);
});

interface WorkflowStep extends Step {
  if?: string;
}

async function stepsOf(file: string, jobId: string): Promise<WorkflowStep[]> {
  const { jobs } = yaml.parse(await readFile(join(root, file), 'utf8')) as {
    jobs: Record<string, { steps?: WorkflowStep[] }>;
  };
  return jobs[jobId]?.steps ?? [];
}

const uses = (step: WorkflowStep, name: string) => step.uses?.split('@')[0] === name;

test('the reusable workflows give each action what it needs before it runs', async () => {
  // lock-image refuses registry credentials: it changes ACR metadata with an Entra identity only.
  const release = await stepsOf('.github/workflows/release.yml', 'release');
  const lock = release.find((step) => uses(step, `${name}/actions/lock-image`));
  assert.ok(lock?.with);
  assert.ok(!('registry-username' in lock.with) && !('registry-password' in lock.with));
  assert.match(String(lock.with.tags), /steps\.promote\.outputs\.metadata/);

  // promote-image reads a merge commit's parents with git in the workspace.
  for (const steps of [await stepsOf('.github/workflows/promote.yml', 'promote'), release]) {
    const checkout = steps.findIndex((step) => uses(step, 'actions/checkout'));
    const promoting = steps.findIndex((step) => uses(step, `${name}/actions/promote-image`));
    assert.ok(checkout >= 0 && checkout < promoting);
    assert.ok(Number(steps[checkout]!.with?.['fetch-depth']) >= 2);
  }

  // az acr build runs with the Azure CLI's sign-in.
  const build = await stepsOf('.github/workflows/build.yml', 'build');
  const login = build.findIndex((step) => uses(step, 'azure/login'));
  const building = build.findIndex((step) => uses(step, `${name}/actions/build-image`));
  assert.ok(login >= 0 && login < building);
  assert.equal(build[login]!.if, "inputs.builder == 'acr'");
  assert.match(String(build[building]!.with?.['acr-name']), /inputs\.acr-name/);
});
