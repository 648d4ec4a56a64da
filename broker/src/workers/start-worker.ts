// Starts a worker thread on one of the scripts in this folder, from TypeScript sources or compiled JavaScript:
// `<name>.ts` next to this module when Treaty runs from its sources (dev, tests: tsx's loader is registered in the
// worker first), `broker/dist/<name>.js` when it runs compiled (scripts/build.mjs bundles each as an entry of its own;
// production has no tsx).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Defined (true) by the production build; absent when the TypeScript sources run. */
declare const TREATY_COMPILED: boolean | undefined;

export function startWorker(name: 'schema-check-worker' | 'network-layout-worker'): Worker {
  // In the bundle import.meta.url still names this source file (scripts/build.mjs), so the compiled worker is found
  // relative to it: broker/src/workers/ → broker/dist/.
  if (typeof TREATY_COMPILED !== 'undefined' && TREATY_COMPILED) return new Worker(new URL(`../../dist/${name}.js`, import.meta.url));
  const script = new URL(`./${name}.ts`, import.meta.url);
  // Node cannot load .ts itself, and `--import tsx` in a worker's execArgv registers too late for its entry module:
  // a bootstrap registers tsx's loader in the worker, then imports the script.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
