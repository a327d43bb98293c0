import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown } from '../local-run/terminal.ts';

test('job summaries render as aligned text: tables, headings, details, inline markup', () => {
  const summary = [
    '## Deployed to `example-dev`',
    '',
    '| resource | status | note |',
    '|---|:--:|---|',
    '| Deployment/example-app | **ready** | 1/1 |',
    '| Service/example-app | created | a \\| b |',
    '',
    '<details><summary>Rendered objects</summary>',
    '',
    '```yaml',
    'kind: Service',
    '```',
    '</details>',
    '',
    '- see [the run](https://example.invalid) &amp; logs',
  ].join('\n');
  assert.equal(
    renderMarkdown(summary),
    [
      'Deployed to example-dev',
      '',
      'resource                status   note',
      'Deployment/example-app  ready    1/1',
      'Service/example-app     created  a | b',
      '',
      'Rendered objects:',
      '',
      '    kind: Service',
      '',
      '• see the run & logs',
    ].join('\n'),
  );
});

test('the HTML of @actions/core summary helpers renders the same way', () => {
  const summary =
    '<h2>Promoted a to b</h2>\n<table><tr><th>Item</th><th>Value</th></tr><tr><td>Source</td><td>a:dev-1</td></tr><tr><td>Copy</td><td>same-repository</td></tr></table>\n<ul><li>one</li><li>two</li></ul>';
  assert.equal(
    renderMarkdown(summary),
    [
      'Promoted a to b',
      '',
      'Item    Value',
      'Source  a:dev-1',
      'Copy    same-repository',
      '',
      '• one',
      '• two',
    ].join('\n'),
  );
});
