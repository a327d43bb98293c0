// promote-image against `skopeo copy`, side by side in one run, on loopback registries:
// - a cross-registry copy of a 150 MB multi-layer image into an empty registry (a fresh
//   registry per run for each tool): wall time and peak RSS;
// - a same-repository retag: wall time, and the HTTP requests promote-image sends per new
//   tag once authenticated (counted by the testkit proxy in front of the registry).
// The action runs as the runner starts it (its dist, INPUT_* environment); both tools run
// under /usr/bin/time for peak RSS. Writes the markdown table to docs/performance/promote.md.
// - once more with a larger image (`--large-mb`, 0 to skip), to show peak RSS does not grow
//   with the image.
// Usage: node scripts/bench-promote.ts [--runs 5] [--size-mb 150] [--large-mb 600] [--out FILE | --no-write]
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  prepareRunnerEnvironment,
  type Registry,
  seedImage,
  startFaultProxy,
  startRegistry,
} from '../packages/testkit/src/index.ts';
import {
  alignedTable,
  measuredOn,
  median,
  publishReport,
  reportOptions,
  requireGnuTime,
  type TimedRun,
  timedRun,
} from './bench/measure.ts';

const root = join(import.meta.dirname, '..');
const budget = { rssMb: 100, requestsPerTag: 2 };
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'size-mb': { type: 'string', default: '150' },
    'large-mb': { type: 'string', default: '600' },
    ...reportOptions('promote.md'),
  },
});
const runs = Number(values.runs);
const sizeMb = Number(values['size-mb']);
const largeMb = Number(values['large-mb']);
requireGnuTime();
const actionDir = join(root, 'actions', 'promote-image');
if (!existsSync(join(actionDir, 'dist', 'index.js')))
  throw new Error('actions/promote-image/dist is missing: run pnpm build promote-image');

const SHA = '0123456789abcdef0123456789abcdef01234567';
const SHA7 = SHA.slice(0, 7);
/** Five layers, largest first, adding up to the image size (configs are a few hundred bytes). */
const layerShares = [0.4, 0.27, 0.2, 0.1, 0.03];

type Sample = Pick<TimedRun, 'wallMs' | 'rssKb'>;

const temp = await mkdtemp(join(tmpdir(), 'bench-promote-'));
const registries: Registry[] = [];
try {
  // An empty Docker config, so neither tool picks up credentials of the machine's user.
  await mkdir(join(temp, 'docker'));
  await writeFile(join(temp, 'docker', 'config.json'), '{"auths":{}}');
  const source = await startRegistry();
  registries.push(source);
  const layers = layerShares.map((share) => Math.round(share * sizeMb * 1_000_000));
  const seeded = await seedImage(source, { repository: 'bench/app', tag: `dev-${SHA7}`, layers });
  const imageBytes = seeded.blobs.reduce((sum, blob) => sum + blob.size, 0);

  const copy = { action: [] as Sample[], skopeo: [] as Sample[] };
  const retag = { action: [] as Sample[], skopeo: [] as Sample[] };
  // Process start alone, for reading the retag: most of its time is Node starting, not HTTP.
  const bareNode: Sample[] = [];
  for (let round = 0; round < runs; round++) {
    // Alternate which tool goes first, so neither always runs on a warmer page cache.
    const order = round % 2 === 0 ? (['action', 'skopeo'] as const) : (['skopeo', 'action'] as const);
    for (const tool of order) {
      const target = await startRegistry();
      try {
        copy[tool].push(
          tool === 'action'
            ? await runPromote(source.host, target.host, 'staging')
            : await runSkopeo(
                `${source.host}/bench/app:dev-${SHA7}`,
                `${target.host}/bench/app:staging-${SHA7}`,
              ),
        );
      } finally {
        await target.stop();
      }
      retag[tool].push(
        tool === 'action'
          ? await runPromote(source.host, source.host, `qa${round}`)
          : await runSkopeo(
              `${source.host}/bench/app:dev-${SHA7}`,
              `${source.host}/bench/app:sq${round}-${SHA7}`,
            ),
      );
    }
    bareNode.push(
      await timedRun(process.execPath, ['-e', '0'], { env: { PATH: process.env.PATH ?? '' }, cwd: temp }),
    );
  }

  const large = largeMb > 0 ? await largeCopy(source) : undefined;
  const requests = await countRetagRequests(source);
  const report = render(imageBytes, seeded.layers.length, copy, retag, bareNode, requests, large);
  await publishReport(report, values);
} finally {
  for (const registry of registries) await registry.stop();
  await rm(temp, { recursive: true, force: true });
}

interface LargeCopy {
  readonly bytes: number;
  readonly action: Sample;
  readonly skopeo: Sample;
}

/** One cross-registry copy of a larger image by each tool, each into a fresh registry. */
async function largeCopy(source: Registry): Promise<LargeCopy> {
  const layers = layerShares.map((share) => Math.round(share * largeMb * 1_000_000));
  const seeded = await seedImage(source, { repository: 'bench/large', tag: `dev-${SHA7}`, layers });
  const samples: Partial<Record<'action' | 'skopeo', Sample>> = {};
  for (const tool of ['action', 'skopeo'] as const) {
    const target = await startRegistry();
    try {
      samples[tool] =
        tool === 'action'
          ? await runPromote(source.host, target.host, 'staging', '', 'bench/large')
          : await runSkopeo(
              `${source.host}/bench/large:dev-${SHA7}`,
              `${target.host}/bench/large:staging-${SHA7}`,
            );
    } finally {
      await target.stop();
    }
  }
  const bytes = seeded.blobs.reduce((sum, blob) => sum + blob.size, 0);
  return { bytes, action: samples.action!, skopeo: samples.skopeo! };
}

/** promote-image's dist, started as the runner starts it, under /usr/bin/time. */
async function runPromote(
  sourceHost: string,
  targetHost: string,
  to: string,
  extraTags = '',
  repository = 'bench/app',
): Promise<Sample> {
  const step = await prepareRunnerEnvironment(actionDir, {
    inputs: {
      image: `${sourceHost}/${repository}`,
      from: 'dev',
      to,
      'target-image': `${targetHost}/${repository}`,
      'extra-tags': extraTags,
    },
    event: { ref: 'refs/heads/staging', after: SHA },
    env: { GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/staging', DOCKER_CONFIG: join(temp, 'docker') },
  });
  try {
    const run = await timedRun(step.command, step.args, step);
    if (run.exitCode !== 0) throw new Error(`promote-image failed:\n${run.stdout}${run.stderr}`);
    return run;
  } finally {
    await step.cleanup();
  }
}

async function runSkopeo(from: string, to: string): Promise<Sample> {
  const run = await timedRun(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${from}`,
      `docker://${to}`,
    ],
    { env: { PATH: process.env.PATH ?? '', HOME: temp }, cwd: temp },
  );
  if (run.exitCode !== 0) throw new Error(`skopeo copy failed:\n${run.stdout}${run.stderr}`);
  return run;
}

interface RequestCount {
  readonly tags: number;
  /** Requests after the auth ping (`GET /v2/`), for a retag to `tags` new tags. */
  readonly afterAuth: number;
}

/** Retags through the proxy (no faults) and counts what reached the registry after the ping. */
async function countRetagRequests(source: Registry): Promise<RequestCount[]> {
  const proxy = await startFaultProxy(source.url);
  try {
    const counts: RequestCount[] = [];
    for (const tags of [1, 5]) {
      proxy.reset();
      const extra = Array.from({ length: tags - 1 }, (_, i) => `count${tags}-${i}`).join('\n');
      await runPromote(proxy.host, proxy.host, `count${tags}`, extra);
      const afterAuth = proxy.requests.filter((r) => r.path !== '/v2/').length;
      counts.push({ tags, afterAuth });
    }
    return counts;
  } finally {
    await proxy.stop();
  }
}

function render(
  imageBytes: number,
  layerCount: number,
  copy: Record<'action' | 'skopeo', Sample[]>,
  retag: Record<'action' | 'skopeo', Sample[]>,
  bareNode: Sample[],
  requests: RequestCount[],
  large: LargeCopy | undefined,
): string {
  const wall = (list: Sample[]) => median(list.map((s) => s.wallMs));
  const rss = (list: Sample[]) => median(list.map((s) => s.rssKb)) / 1024;
  const peakRss = (list: Sample[]) => Math.max(...list.map((s) => s.rssKb)) / 1024;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const verdict = (ok: boolean) => (ok ? 'within' : '**over**');

  const copyRows = [
    [
      'cross-registry copy, wall (ms)',
      wall(copy.action).toFixed(0),
      wall(copy.skopeo).toFixed(0),
      ratio(wall(copy.action), wall(copy.skopeo)),
      `≤ skopeo: ${verdict(wall(copy.action) <= wall(copy.skopeo))}`,
    ],
    [
      'cross-registry copy, peak RSS (MB)',
      `${rss(copy.action).toFixed(1)} (max ${peakRss(copy.action).toFixed(1)})`,
      `${rss(copy.skopeo).toFixed(1)} (max ${peakRss(copy.skopeo).toFixed(1)})`,
      ratio(rss(copy.action), rss(copy.skopeo)),
      `≤ ${budget.rssMb} MB: ${verdict(peakRss(copy.action) <= budget.rssMb)}`,
    ],
    [
      'same-repository retag, wall (ms)',
      wall(retag.action).toFixed(0),
      wall(retag.skopeo).toFixed(0),
      ratio(wall(retag.action), wall(retag.skopeo)),
      `≤ skopeo: ${verdict(wall(retag.action) <= wall(retag.skopeo))}`,
    ],
    [
      'for scale: bare `node -e 0`, wall (ms)',
      wall(bareNode).toFixed(0),
      '—',
      ratio(wall(bareNode), wall(retag.skopeo)),
      '—',
    ],
    [
      'same-repository retag, peak RSS (MB)',
      rss(retag.action).toFixed(1),
      rss(retag.skopeo).toFixed(1),
      ratio(rss(retag.action), rss(retag.skopeo)),
      '—',
    ],
  ];
  if (large) {
    const mb = (large.bytes / 1_000_000).toFixed(0);
    copyRows.push(
      [
        `cross-registry copy of ${mb} MB, wall (ms), 1 run`,
        large.action.wallMs.toFixed(0),
        large.skopeo.wallMs.toFixed(0),
        ratio(large.action.wallMs, large.skopeo.wallMs),
        `≤ skopeo: ${verdict(large.action.wallMs <= large.skopeo.wallMs)}`,
      ],
      [
        `cross-registry copy of ${mb} MB, peak RSS (MB), 1 run`,
        (large.action.rssKb / 1024).toFixed(1),
        (large.skopeo.rssKb / 1024).toFixed(1),
        ratio(large.action.rssKb, large.skopeo.rssKb),
        `≤ ${budget.rssMb} MB: ${verdict(large.action.rssKb / 1024 <= budget.rssMb)}`,
      ],
    );
  }
  const [one, five] = requests;
  const marginal = (five!.afterAuth - one!.afterAuth) / (five!.tags - one!.tags);
  const fixed = one!.afterAuth - marginal * one!.tags;
  const requestRows = requests.map((r) => [
    String(r.tags),
    String(r.afterAuth),
    (r.afterAuth / r.tags).toFixed(1),
  ]);
  return [
    '# promote-image performance',
    '',
    `Budget: a cross-registry copy no slower than \`skopeo copy\` and at most ${budget.rssMb} MB peak RSS;`,
    `a same-repository retag no slower than skopeo and at most ${budget.requestsPerTag} HTTP requests per new tag after auth.`,
    '',
    `Image: ${(imageBytes / 1_000_000).toFixed(1)} MB in ${layerCount} uncompressed layers (testkit \`seedImage\`), in a`,
    '`distribution` 2.8 registry on loopback over plain HTTP, no auth. promote-image runs as the runner',
    'starts it (`node dist/index.js`, `INPUT_*` environment); skopeo 1.9 runs `skopeo copy` with',
    `\`--src-tls-verify=false --dest-tls-verify=false\`. ${runs} runs of each, alternating which tool goes`,
    'first; every cross-registry copy goes into a freshly started, empty registry. Wall time measured',
    'by the parent process, peak RSS by `/usr/bin/time -f %M`. Medians, with the worst RSS in brackets.',
    '',
    ...alignedTable(
      ['measure', 'promote-image', 'skopeo copy', 'ratio', 'budget'],
      [false, true, true, true, false],
      copyRows,
    ),
    '',
    'A retag is a few small requests, so its wall time is mostly process start: Node alone',
    '(`node -e 0`, same binary, same rounds) takes the time in the "for scale" row, and loading the',
    "action's bundle (@actions/core included) adds the rest of the cold start",
    '(docs/performance/cold-start.md); skopeo is one Go binary.',
    '',
    'HTTP requests of a same-repository retag after the auth ping (`GET /v2/`), counted by the',
    'testkit proxy in front of the registry:',
    '',
    ...alignedTable(['new tags', 'requests', 'per new tag'], [true, true, true], requestRows),
    '',
    `That is ${fixed} fixed (GET of the source manifest) plus ${marginal} per new tag (HEAD for the`,
    `overwrite guard, PUT of the manifest under the tag): per new tag ${verdict(marginal <= budget.requestsPerTag)} the budget of ${budget.requestsPerTag}.`,
    '',
    ...measuredOn('node scripts/bench-promote.ts', ['packages/core/src', 'actions/promote-image']),
    '(a shared machine: absolute times vary, the ratios are the comparable figures).',
    '',
  ].join('\n');
}
