// Runs every test file with node's test runner. Usage: node scripts/test.ts [file or glob ...]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const patterns = process.argv.slice(2);
const files =
  patterns.length > 0
    ? patterns
    : [
        'packages/*/test/**/*.test.ts',
        'actions/*/test/**/*.test.ts',
        'examples/*/test/**/*.test.ts',
        'scripts/test/**/*.test.ts',
      ];
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=3', '--test-timeout=300000', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
