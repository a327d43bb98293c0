import { ConfigurationError } from './errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/**
 * Milliseconds of a duration written the Go way (`90s`, `5m`, `1h30m`, `1.5h`, `500ms`);
 * a bare number is seconds. Zero and negative durations are refused.
 */
export function parseDuration(text: string): number {
  const value = text.trim();
  const invalid = () =>
    new ConfigurationError(
      `'${text}' is not a duration: expected a number with a unit (ms, s, m, h), e.g. 90s, 5m, 1h30m`,
    );
  if (/^\d+(?:\.\d+)?$/.test(value)) return positive(Number(value) * 1000, invalid);
  if (value === '') throw invalid();
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < value.length) {
    const match = PART.exec(value);
    if (match === null) throw invalid();
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return positive(Math.round(total), invalid);
}

function positive(ms: number, invalid: () => Error): number {
  if (!(ms > 0) || !Number.isFinite(ms)) throw invalid();
  return ms;
}

/** `1m30s`, `4.2s`, `250ms`: a duration short enough for a log line. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}
