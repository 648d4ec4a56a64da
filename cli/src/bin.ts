// The `treaty` process: runs the CLI on this process's arguments. Bundled to cli/dist/treaty.mjs by
// scripts/build.mjs (what bin/treaty.js and the published package run); tests run it from source with tsx.
import { main } from './main.ts';

// A reader that stops early (`treaty --help | head -1`) closes the pipe, and the rest of the output has nowhere
// to go: not a failure of the command. Node ignores SIGPIPE, so the write fails with EPIPE instead, and an
// unhandled stream error would print a stack trace and exit 1; stop quietly, as a shell tool killed by SIGPIPE does.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

process.exitCode = await main(process.argv);
