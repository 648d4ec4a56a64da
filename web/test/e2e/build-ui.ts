// The web UI for the browser tests, built as `npm run build -w web` builds it but into a folder of the test file's
// own, which its broker serves (startTestBroker's webUiDir). Building into the shared web/dist raced: vite empties
// its output folder first, so one test file's build removed the UI another file's pages were loading at that moment
// (they got the "UI not built" page), and the tests rewrote a developer's web/dist.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const webDir = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltUi {
  dir: string;
  remove(): Promise<void>;
}

export async function buildUi(): Promise<BuiltUi> {
  const dir = await mkdtemp(path.join(tmpdir(), 'treaty-ui-'));
  // vitest sets NODE_ENV=test, which would give React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: `${webDir}/vite.config.ts`,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: dir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
