// Every socket read allocates a fresh buffer, and V8 collects those only once about 64 MB of
// external memory has piled up: streaming layers would hold RSS some 64 MB above the baseline
// whatever the concurrency. A young-generation collection every 2 MB streamed (well under a
// millisecond) frees buffers while they are young; a full one every 64 MB frees the few that
// lived long enough to be promoted. Peak RSS then stays flat whatever the image size
// (scripts/bench-promote.ts: ~150 MB without, under 90 MB with, for 150 MB and 600 MB images).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;

const MINOR_EVERY_BYTES = 2 * 1024 * 1024;
const MAJOR_EVERY_MINORS = 32;
let collect: Collect | null | undefined;
let streamed = 0;
let minors = 0;

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

/** Counts bytes streamed through this process and collects their garbage as it goes. */
export function noteStreamed(bytes: number): void {
  streamed += bytes;
  if (streamed < MINOR_EVERY_BYTES) return;
  streamed = 0;
  minors++;
  collector()?.({ type: minors % MAJOR_EVERY_MINORS === 0 ? 'major' : 'minor' });
}
