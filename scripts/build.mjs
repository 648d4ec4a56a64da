// The production build: compiles the TypeScript sources to plain JavaScript that `node` runs without a loader.
//
//   node scripts/build.mjs              # every target (run by the root postinstall)
//   node scripts/build.mjs broker cli   # only these targets
//   node scripts/build.mjs --if-stale   # only targets whose sources changed since their last build (npm start)
//
// Targets (esbuild bundles; tests and `npm run dev` keep running the TypeScript sources):
// - broker: broker/dist/main.js, the server, and broker/dist/schema-check-worker.js and network-layout-worker.js, its worker threads' scripts. Treaty's own workspaces are bundled in; packages from node_modules stay
//   imports. Files the code reads at run time (the GraphQL schema, prisma/migrations, web/dist) are found relative to
//   each module's *source* file: the bundle is given the source location as `import.meta.url`, so the same code
//   reads the same files from broker/src/... and from broker/dist/main.js.
// - migrate: prisma/dist/migrate.js, `npm run migrate` for the production image.
// - cli: cli/dist/treaty.mjs plus per-command chunks, self-contained (commander, ajv, ... bundled in) so it can be
//   published on its own; see cli/scripts/pack.mjs. Only @pact-foundation/pact (native) and @asyncapi/parser
//   (large, loaded by the commands that need them) stay imports.
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...segments) => path.join(root, ...segments);

/** Sources every target compiles from: a change to any of them makes the output stale. */
const workspaceSources = ['wire/src', 'prisma/src', 'verifiers/src', 'broker/src', 'cli/src', 'prisma/scripts'];

// CommonJS packages bundled into an ES module call `require` for Node's built-ins; give them one.
const requireShim =
  "import { createRequire as __treatyCreateRequire } from 'node:module';\nconst require = __treatyCreateRequire(import.meta.url);";

/**
 * Leaves every package from node_modules as an import, except Treaty's own workspaces (bundled from source). A
 * workspace may have its own copy of a package (verifiers/node_modules/ajv 8 while the root has ajv 6): such an import
 * becomes a relative path to that copy, since a bare name would resolve from the bundle's folder to another one.
 */
function externalNodeModules(outdir) {
  return {
    name: 'external-node-modules',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@treaty/') || args.pluginData === 'resolving') return undefined;
        if (args.path.startsWith('node:') || args.kind === 'entry-point') return { path: args.path, external: true };
        const fromImporter = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
        const fromOutput = await build.resolve(args.path, { kind: args.kind, resolveDir: outdir, pluginData: 'resolving' });
        if (fromImporter.errors.length > 0 || fromImporter.external || fromImporter.path === fromOutput.path)
          return { path: args.path, external: true };
        const relative = path.relative(outdir, fromImporter.path).split(path.sep).join('/');
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
}

/** Keeps `import.meta.url` pointing at each module's source file, so files beside the sources are found from dist. */
function sourceLocatedImportMeta(outdir) {
  return {
    name: 'source-located-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const relative = path.relative(outdir, args.path).split(path.sep).join('/');
        const sourceUrl = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
        const sourceDir = `path__treaty.dirname(fileURLToPath__treaty(${sourceUrl}))`;
        const rewritten = source.replaceAll('import.meta.url', `(${sourceUrl})`).replaceAll('import.meta.dirname', `(${sourceDir})`);
        const preamble = rewritten.includes('path__treaty')
          ? "import path__treaty from 'node:path';\nimport { fileURLToPath as fileURLToPath__treaty } from 'node:url';\n"
          : '';
        return { contents: preamble + rewritten, loader: 'ts' };
      });
    },
  };
}

const nodeTarget = { platform: 'node', format: 'esm', target: 'node20.19', bundle: true, logLevel: 'warning', legalComments: 'none' };

export const targets = {
  broker: {
    outputs: [at('broker/dist/main.js'), at('broker/dist/schema-check-worker.js'), at('broker/dist/network-layout-worker.js')],
    options: () => ({
      ...nodeTarget,
      // the worker threads run scripts of their own (broker/src/workers/start-worker.ts)
      entryPoints: {
        main: at('broker/src/main.ts'),
        'schema-check-worker': at('broker/src/workers/schema-check-worker.ts'),
        'network-layout-worker': at('broker/src/workers/network-layout-worker.ts'),
      },
      outdir: at('broker/dist'),
      // tells the code it runs compiled; import.meta.url cannot, since it names the source file (see above)
      define: { TREATY_COMPILED: 'true' },
      sourcemap: 'linked',
      plugins: [externalNodeModules(at('broker/dist')), sourceLocatedImportMeta(at('broker/dist'))],
    }),
  },
  migrate: {
    outputs: [at('prisma/dist/migrate.js')],
    options: () => ({
      ...nodeTarget,
      entryPoints: [at('prisma/scripts/migrate.ts')],
      outfile: at('prisma/dist/migrate.js'),
      plugins: [externalNodeModules(at('prisma/dist')), sourceLocatedImportMeta(at('prisma/dist'))],
    }),
  },
  cli: {
    outputs: [at('cli/dist/treaty.mjs')],
    clean: at('cli/dist'),
    options: () => ({
      ...nodeTarget,
      entryPoints: { treaty: at('cli/src/bin.ts') },
      outdir: at('cli/dist'),
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      splitting: true,
      minifyWhitespace: true,
      minifySyntax: true,
      banner: { js: `#!/usr/bin/env node\n${requireShim}` },
      external: ['@pact-foundation/pact', '@asyncapi/parser'],
    }),
  },
};

function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mjs|js|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of workspaceSources) if (existsSync(at(dir))) walk(at(dir));
  for (const file of ['package.json', 'package-lock.json', 'scripts/build.mjs']) newest = Math.max(newest, statSync(at(file)).mtimeMs);
  return newest;
}

/** True when an output is missing or older than a source file. */
export function isStale(name) {
  const newest = newestSourceMtime();
  return targets[name].outputs.some((output) => !existsSync(output) || statSync(output).mtimeMs < newest);
}

export async function build(names = Object.keys(targets), { ifStale = false } = {}) {
  const { build: esbuild } = await import('esbuild');
  const built = [];
  for (const name of names) {
    const target = targets[name];
    if (!target) throw new Error(`unknown build target "${name}" (known: ${Object.keys(targets).join(', ')})`);
    if (ifStale && !isStale(name)) continue;
    if (target.clean) rmSync(target.clean, { recursive: true, force: true });
    await esbuild(target.options());
    built.push(name);
  }
  // The package.json next to the broker bundle marks it an ES module even when copied without the workspace's.
  if (built.includes('broker')) writeFileSync(at('broker/dist/package.json'), '{ "type": "module" }\n');
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const ifStale = args.includes('--if-stale');
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--if-stale');
  if (unknown.length > 0) {
    console.error(
      `build: unknown option ${unknown.join(' ')} (usage: node scripts/build.mjs [--if-stale] [${Object.keys(targets).join('|')} ...])`,
    );
    process.exit(2);
  }
  const started = performance.now();
  try {
    const built = await build(names.length > 0 ? names : undefined, { ifStale });
    if (built.length > 0) console.log(`build: ${built.join(', ')} in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
