// `npm run pack -w cli`: the CLI as a package of its own, for pipelines that do not check out Treaty.
// Compiles the CLI as scripts/build.mjs's `cli` target does (one bundle, commands' code in chunks loaded on demand)
// into cli/dist/package/ — not cli/dist itself, which bin/treaty.js may be running — adds a package.json of its own
// and packs that folder with `npm pack` into cli/dist/treaty-cli-<version>.tgz.
// The package has no dependencies: everything is bundled except two optional peers (see report-error.ts).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(cliDir, '..');
const distDir = path.join(cliDir, 'dist');
const packageDir = path.join(distDir, 'package');
const require = createRequire(path.join(repoRoot, 'package.json'));

const { targets } = await import(pathToFileURL(path.join(repoRoot, 'scripts', 'build.mjs')).href);
const { build } = await import('esbuild');

const workspace = JSON.parse(readFileSync(path.join(cliDir, 'package.json'), 'utf8'));
const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const installedVersion = (name) =>
  JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [path.join(repoRoot, 'verifiers')] }), 'utf8')).version;

rmSync(packageDir, { recursive: true, force: true });
mkdirSync(packageDir, { recursive: true });
await build({ ...targets.cli.options(), outdir: packageDir });
// The bin turns on Node's on-disk code cache (Node 22.1+; ~30 ms off every later run) before loading the bundle.
writeFileSync(
  path.join(packageDir, 'bin.mjs'),
  "#!/usr/bin/env node\nimport module from 'node:module';\n\nmodule.enableCompileCache?.();\nawait import('./treaty.mjs');\n",
);
cpSync(path.join(cliDir, 'README.md'), path.join(packageDir, 'README.md'));
const optionalPeers = ['@pact-foundation/pact', '@asyncapi/parser'];
const manifest = {
  name: workspace.name,
  version: workspace.version,
  description: workspace.description,
  type: 'module',
  bin: { treaty: 'bin.mjs' },
  files: ['bin.mjs', 'treaty.mjs', 'chunks', 'README.md'],
  engines: root.engines,
  peerDependencies: Object.fromEntries(optionalPeers.map((name) => [name, `^${installedVersion(name)}`])),
  peerDependenciesMeta: Object.fromEntries(optionalPeers.map((name) => [name, { optional: true }])),
};
writeFileSync(path.join(packageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const output = execFileSync('npm', ['pack', '--json', '--pack-destination', distDir], { cwd: packageDir, encoding: 'utf8' });
const [packed] = JSON.parse(output);
console.log(path.join(distDir, packed.filename));
