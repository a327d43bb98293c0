// Every workflow, ours and the examples': third-party actions pinned by full commit SHA with
// the version beside it; this project's own actions and workflows by the moving major tag
// (or by path, for the e2e run of this commit).
import assert from 'node:assert/strict';
import { glob, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const OWN = /^digestflow\/digestflow\/(actions\/[a-z-]+|\.github\/workflows\/[a-z-]+\.yml)@v\d+$/;
const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;

async function workflowFiles(): Promise<string[]> {
  const files: string[] = [];
  // fs.glob's ** does not enter dot folders: the examples' .github is named.
  for (const pattern of [
    '.github/workflows/*.yml',
    'examples/*/.github/workflows/*.yml',
    'examples/**/workflows/*.yml',
  ]) {
    for await (const file of glob(pattern, { cwd: root, exclude: (name) => name.includes('node_modules') })) {
      files.push(file);
    }
  }
  return [...new Set(files)].sort();
}

test('every uses: is this project by major tag or path, or a third party pinned by SHA with its version', async () => {
  const files = await workflowFiles();
  assert.ok(files.includes('.github/workflows/deploy.yml'));
  assert.ok(files.includes('examples/acr-aks/.github/workflows/delivery.yml'));
  const offences: string[] = [];
  for (const file of files) {
    const lines = (await readFile(join(root, file), 'utf8')).split('\n');
    for (const [index, line] of lines.entries()) {
      const match = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$/.exec(line);
      if (!match) continue;
      const [, target, comment] = match as unknown as [string, string, string | undefined];
      const ok =
        target.startsWith('./') ||
        OWN.test(target) ||
        (PINNED.test(target) && /^# v\d+(\.\d+)*$/.test(comment ?? ''));
      if (!ok) offences.push(`${file}:${index + 1}: ${target} ${comment ?? ''}`.trim());
    }
  }
  assert.deepEqual(offences, []);
});

// actionlint cannot see this project's actions and reusable workflows through their remote
// `uses:` names; these checks read them from the repository instead.
const yaml = createRequire(join(root, 'packages', 'testkit', 'package.json'))('yaml') as {
  parse(text: string): unknown;
};

interface Interface {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  outputs: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

async function ownInterface(target: string): Promise<Interface | undefined> {
  const action = /^(?:\.\/|digestflow\/digestflow\/)actions\/([a-z-]+)(?:@v\d+)?$/.exec(target);
  if (action) {
    const metadata = yaml.parse(
      await readFile(join(root, 'actions', action[1]!, 'action.yml'), 'utf8'),
    ) as Interface;
    return { inputs: metadata.inputs ?? {}, outputs: metadata.outputs ?? {}, secrets: {} };
  }
  const workflow = /^digestflow\/digestflow\/\.github\/workflows\/([a-z-]+\.yml)@v\d+$/.exec(target);
  if (workflow) {
    const called = yaml.parse(await readFile(join(root, '.github', 'workflows', workflow[1]!), 'utf8')) as {
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
  for (const file of await workflowFiles()) {
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
  const lock = release.find((step) => uses(step, 'digestflow/digestflow/actions/lock-image'));
  assert.ok(lock?.with);
  assert.ok(!('registry-username' in lock.with) && !('registry-password' in lock.with));
  assert.match(String(lock.with.tags), /steps\.promote\.outputs\.metadata/);

  // promote-image reads a merge commit's parents with git in the workspace.
  for (const steps of [await stepsOf('.github/workflows/promote.yml', 'promote'), release]) {
    const checkout = steps.findIndex((step) => uses(step, 'actions/checkout'));
    const promoting = steps.findIndex((step) => uses(step, 'digestflow/digestflow/actions/promote-image'));
    assert.ok(checkout >= 0 && checkout < promoting);
    assert.ok(Number(steps[checkout]!.with?.['fetch-depth']) >= 2);
  }

  // az acr build runs with the Azure CLI's sign-in.
  const build = await stepsOf('.github/workflows/build.yml', 'build');
  const login = build.findIndex((step) => uses(step, 'azure/login'));
  const building = build.findIndex((step) => uses(step, 'digestflow/digestflow/actions/build-image'));
  assert.ok(login >= 0 && login < building);
  assert.equal(build[login]!.if, "inputs.builder == 'acr'");
  assert.match(String(build[building]!.with?.['acr-name']), /inputs\.acr-name/);
});
