// Bundles each action's src/index.ts into actions/<name>/dist with esbuild.
// Usage: node scripts/build.ts [action-name ...]   (default: every action)
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = join(import.meta.dirname, '..');
const actionsDir = join(root, 'actions');
const requested = process.argv.slice(2);
const names =
  requested.length > 0
    ? requested
    : readdirSync(actionsDir).filter((name) => existsSync(join(actionsDir, name, 'action.yml')));

// @actions/http-client imports undici only to build a ProxyAgent for Octokit behind a proxy.
// Actions without Octokit get a small shim instead of its ~800 kB; with Octokit, undici is
// required when a ProxyAgent is first made, so it is not evaluated on the action's start path.
// Other packages' undici imports (@kubernetes/client-node's fetch) are left as they are.
function httpClientUndici(withOctokit: boolean): Plugin {
  return {
    name: 'http-client-undici',
    setup(builder) {
      builder.onResolve({ filter: /^undici$/ }, (args) => {
        if (!/[\\/]@actions[\\/]http-client[\\/]/.test(args.importer)) return undefined;
        return withOctokit
          ? { path: 'undici', namespace: 'lazy-undici', pluginData: dirname(args.importer) }
          : { path: join(root, 'scripts', 'shims', 'undici.ts') };
      });
      builder.onLoad({ filter: /.*/, namespace: 'lazy-undici' }, (args) => ({
        contents:
          "export class ProxyAgent { constructor(options) { const undici = require('undici'); return new undici.ProxyAgent(options); } }",
        resolveDir: args.pluginData as string,
        loader: 'js',
      }));
    },
  };
}

// Node builtins are required, not imported: an ES import of node:http builds its module
// namespace, whose getters load Node's internal undici (about 10 ms of every start, measured).
const builtinsAsRequire: Plugin = {
  name: 'builtins-as-require',
  setup(builder) {
    const builtins = new Set(builtinModules);
    builder.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!builtins.has(name)) return undefined;
      // The wrapper's own require() is the real one.
      if (args.namespace === 'builtin') return { path: args.path, external: true };
      return { path: name, namespace: 'builtin' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require('node:${args.path}');`,
      loader: 'js',
    }));
  },
};

function usesOctokit(dir: string): boolean {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: object };
  return Object.hasOwn(manifest.dependencies ?? {}, '@actions/github');
}

for (const name of names) {
  const dir = join(actionsDir, name);
  const outdir = join(dir, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [join(dir, 'src', 'index.ts')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    // Whitespace and syntax only: identifiers keep their names, so a bug's stack trace stays
    // readable, while the Kubernetes client's chunk shrinks from 17 to 6 MB and parses faster.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS dependencies call require(); ESM output needs one made for it.
    banner: {
      js: "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);",
    },
    plugins: [builtinsAsRequire, httpClientUndici(usesOctokit(dir))],
    logLevel: 'warning',
    absWorkingDir: root,
  });
  console.log(`built actions/${name}/dist`);
}
