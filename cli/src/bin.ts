// The `treaty` process: runs the CLI on this process's arguments. Bundled to cli/dist/treaty.mjs by
// scripts/build.mjs (what bin/treaty.js and the published package run); tests run it from source with tsx.
import { main } from './main.ts';

process.exitCode = await main(process.argv);
