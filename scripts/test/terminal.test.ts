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
