import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, parseDuration } from '../src/duration.ts';
import { ConfigurationError } from '../src/errors.ts';

describe('parseDuration', () => {
  const valid: Array<[string, number]> = [
    ['5m', 300_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['2m30s', 150_000],
    ['45', 45_000],
    [' 10s ', 10_000],
  ];
  for (const [text, ms] of valid) it(`reads '${text}'`, () => assert.equal(parseDuration(text), ms));

  for (const text of ['', '0s', 'm', '5 m', '5min', '-1s', '1d', '5m junk', 'abc']) {
    it(`refuses '${text}'`, () => assert.throws(() => parseDuration(text), ConfigurationError));
  }
});

describe('formatDuration', () => {
  const cases: Array<[number, string]> = [
    [250, '250ms'],
    [4200, '4.2s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [120_000, '2m'],
  ];
  for (const [ms, text] of cases) it(`writes ${ms} as ${text}`, () => assert.equal(formatDuration(ms), text));
});
