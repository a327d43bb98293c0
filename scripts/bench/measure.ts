// What the benchmark scripts (scripts/bench-*.ts) share: a child run timed by the parent with
// its peak RSS from /usr/bin/time, the median, the markdown table as the repository's formatter
// writes it, and the lines saying when, at which revision and on what machine a report was made.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { type ChildExit, childExit } from '../../packages/testkit/src/harness.ts';

const root = join(import.meta.dirname, '..', '..');
const GNU_TIME = '/usr/bin/time';

/** Stops a benchmark before it sets anything up when `/usr/bin/time` is not installed. */
export function requireGnuTime(): void {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: install the Debian package \`time\``);
}

export interface TimedRun extends ChildExit {
  /** Wall time measured by this process, the `/usr/bin/time` wrapper included (the same for every run). */
  readonly wallMs: number;
  /** Maximum resident set size (`/usr/bin/time -f %M`). */
  readonly rssKb: number;
}

/** Runs `command` under `/usr/bin/time` with exactly `env` (nothing of this process's leaks in). */
export async function timedRun(
  command: string,
  args: readonly string[],
  options: { readonly env: Record<string, string>; readonly cwd: string },
): Promise<TimedRun> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-time-'));
  try {
    const timeFile = join(dir, 'time');
    const started = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { exitCode, stdout, stderr } = await childExit(child);
    const wallMs = performance.now() - started;
    // After a non-zero exit, time writes "Command exited with non-zero status N" first.
    const rssKb = Number(/(\d+)\s*$/.exec(await readFile(timeFile, 'utf8'))?.[1]);
    return { wallMs, rssKb, exitCode, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The `--out FILE` and `--no-write` options of a benchmark whose report is docs/performance/`file`. */
export function reportOptions(file: string) {
  return {
    out: { type: 'string', default: join(root, 'docs', 'performance', file) },
    'no-write': { type: 'boolean', default: false },
  } as const;
}

/** Prints the report and, unless `--no-write`, writes it to `--out`. */
export async function publishReport(
  report: string,
  options: { readonly out: string; readonly 'no-write': boolean },
): Promise<void> {
  console.log(report);
  if (options['no-write']) return;
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, report);
  console.error(`written to ${relative(root, options.out)}`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A markdown table with padded columns, as the repository's formatter writes it. */
export function alignedTable(header: string[], rightAligned: boolean[], rows: string[][]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = widths.map((width, i) => (rightAligned[i] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)));
  return [line(header), line(rule), ...rows.map(line)];
}

/**
 * The commit measured, marked `-dirty` when the working tree differs from it under `paths`
 * (what the benchmark runs; the whole tree by default).
 */
export function revision(paths: readonly string[] = []): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  try {
    const sha = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--', ...paths) ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown';
  }
}

/** The closing lines of a report: when, with which command, at which revision, on what machine. */
export function measuredOn(command: string, paths?: readonly string[]): string[] {
  const cpu = cpus();
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\` at ${revision(paths)}:`,
    `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadavg()[0]!.toFixed(2)} at the end`,
  ];
}
