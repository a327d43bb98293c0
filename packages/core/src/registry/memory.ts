// Every socket read allocates a fresh buffer, and V8 collects those only once about 64 MB of
// external memory has piled up: streaming layers would hold RSS some 64 MB above the baseline
// whatever the concurrency. A young-generation collection every couple of MB streamed (well
// under a millisecond each) frees the buffers while they are young and keeps the peak flat
// (scripts/bench-promote.ts: about 150 MB peak without, under 100 MB with).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;

const EVERY_BYTES = 2 * 1024 * 1024;
let collect: Collect | null | undefined;
let streamed = 0;

function collector(): Collect | null {
  if (collect === undefined) {
    try {
      // The documented way to reach the collector without --expose-gc on the command line.
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Counts bytes streamed through this process and collects young garbage every few MB. */
export function noteStreamed(bytes: number): void {
  streamed += bytes;
  if (streamed < EVERY_BYTES) return;
  streamed = 0;
  collector()?.({ type: 'minor' });
}
