import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseKeyValueFile, parseWorkflowCommands, runAction } from '@digestflow/testkit';

const actionsDir = join(import.meta.dirname, '..', '..', '..', 'actions');
const actions = readdirSync(actionsDir);

describe('every action run with no inputs', () => {
  for (const name of actions) {
    it(`${name} fails with one error naming the missing input, without a stack trace`, async () => {
      const run = await runAction(join(actionsDir, name), { inputs: {} });
      assert.equal(run.exitCode, 1);
      assert.equal(run.errors.length, 1, run.stdout);
      assert.match(run.errors[0]!, /^Input '[a-z-]+': is required: /);
      assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});

describe('parseKeyValueFile', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['plain lines', 'a=1\nb=x=y\n', { a: '1', b: 'x=y' }],
    ['heredoc', 'm<<EOF_1\nline 1\nline 2\nEOF_1\nn=2\n', { m: 'line 1\nline 2', n: '2' }],
    ['empty heredoc', 'm<<D\nD\n', { m: '' }],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(parseKeyValueFile(text), expected));
  }
  it('refuses an unterminated heredoc', () =>
    assert.throws(() => parseKeyValueFile('m<<D\nx\n'), /unterminated/));
});

describe('parseWorkflowCommands', () => {
  it('unescapes messages and properties', () => {
    assert.deepEqual(
      parseWorkflowCommands('text\n::error file=a%2Cb.ts,line=3::one%0Atwo %25\n::add-mask::s3cr%3At\n'),
      [
        { command: 'error', properties: { file: 'a,b.ts', line: '3' }, message: 'one\ntwo %' },
        { command: 'add-mask', properties: {}, message: 's3cr:t' },
      ],
    );
  });
});
