// Rebuilds every action and fails when the committed dist differs from the result.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.ts')], { cwd: root, stdio: 'inherit' });
const status = execFileSync(
  'git',
  ['status', '--porcelain', '--untracked-files=all', '--', ':(glob)actions/*/dist/**'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (status.trim() !== '') {
  console.error(`dist is stale: rebuild with 'pnpm build' and commit the result.\n${status}`);
  process.exit(1);
}
console.log('dist is fresh');
