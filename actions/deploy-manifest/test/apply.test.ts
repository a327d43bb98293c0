import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimit } from '../src/apply.ts';

describe('mapLimit', () => {
  it('keeps the order of results with work finishing out of order', async () => {
    const results = await mapLimit([30, 10, 20, 0], 3, async (ms) => {
      await sleep(ms);
      return ms;
    });
    assert.deepEqual(results, [30, 10, 20, 0]);
  });

  it('starts nothing after a failure and throws it only once the work in flight has settled', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 3, async (item) => {
      started.push(item);
      if (item === 0) throw new Error('refused');
      await sleep(item * 20);
      finished.push(item);
    });
    await assert.rejects(run, /refused/);
    assert.deepEqual(started, [0, 1, 2], 'no item starts after the failure');
    assert.deepEqual(finished, [1, 2], 'the items in flight finished before the failure was thrown');
  });

  it('throws the first failure when several fail', async () => {
    const run = mapLimit([5, 40, 0], 3, async (ms) => {
      await sleep(ms);
      throw new Error(`failed after ${ms}`);
    });
    await assert.rejects(run, /failed after 0/);
  });
});
