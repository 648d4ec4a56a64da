#!/usr/bin/env node
// The `treaty` command of the monorepo: the compiled CLI (cli/dist, built by `npm ci`'s postinstall or `npm run build`).
// Node 22.1+ keeps the compiled bundle in its on-disk code cache, which saves ~30 ms on every later run.
import module from 'node:module';

module.enableCompileCache?.();
try {
  await import('../dist/treaty.mjs');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('treaty.mjs')) throw error;
  console.error('treaty: the CLI is not built yet; run `npm run build` in the Treaty checkout (npm ci does it too).');
  process.exitCode = 2;
}
