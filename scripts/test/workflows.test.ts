// Every workflow, ours and the examples': third-party actions pinned by full commit SHA with
// the version beside it; this project's own actions and workflows by the moving major tag
// (or by path, for the e2e run of this commit).
import assert from 'node:assert/strict';
import { glob, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const OWN = /^digestflow\/digestflow\/(actions\/[a-z-]+|\.github\/workflows\/[a-z-]+\.yml)@v\d+$/;
const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;

async function workflowFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of ['.github/workflows/*.yml', 'examples/**/workflows/*.yml']) {
    for await (const file of glob(pattern, { cwd: root, exclude: (name) => name.includes('node_modules') })) {
      files.push(file);
    }
  }
  return files.sort();
}

test('every uses: is this project by major tag or path, or a third party pinned by SHA with its version', async () => {
  const files = await workflowFiles();
  assert.ok(files.includes('.github/workflows/deploy.yml') && files.some((f) => f.startsWith('examples/')));
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
