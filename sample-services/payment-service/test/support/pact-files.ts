// Where pact files live, and how a test run writes or finds them.
//
// PACT_DIR (default: sample-services/pacts) holds the pact files the consumer tests publish and the
// provider tests verify, exactly as `pact-broker publish` / `treaty publish` would pick them up.
//
// - Consumer side: a run writes into a private scratch directory and only moves the finished file into
//   PACT_DIR at the end (an atomic rename). Pact merges into an existing file, so writing straight into
//   PACT_DIR would keep interactions deleted from the test, and a provider test running at the same time
//   could read a half-written file.
// - Provider side: `ensurePactFile` returns the published file, or, when it does not exist yet (fresh
//   checkout, or the provider test scheduled before the consumer test), runs the consumer's pact test in
//   a child vitest to produce it. So any test order works, and `test:consumer` then `test:provider` is
//   the normal, cheap path.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

process.env.PACT_DO_NOT_TRACK ??= 'true';

export function pactDir(): string {
  const fromEnv = process.env.PACT_DIR?.trim();
  return fromEnv ? path.resolve(fromEnv) : fileURLToPath(new URL('../../../pacts', import.meta.url));
}

export interface PactRun {
  /** Give this to PactV4 as `dir`. */
  dir: string;
  /** Moves `<consumer>-<provider>.json` into PACT_DIR (atomically) and removes the scratch directory. */
  publish(fileName: string): Promise<string>;
  /**
   * Removes the scratch directory and leaves PACT_DIR as it was: for a run in which a test failed. Pact has
   * written the interactions that passed, and a pact missing one would be verified (and published) as if the
   * consumer no longer needed it.
   */
  discard(): Promise<void>;
}

export async function startPactRun(): Promise<PactRun> {
  const target = pactDir();
  await mkdir(target, { recursive: true });
  const dir = await mkdtemp(path.join(target, '.run-'));
  return {
    dir,
    async publish(fileName) {
      const published = path.join(target, fileName);
      try {
        if (existsSync(path.join(dir, fileName))) await rename(path.join(dir, fileName), published);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      return published;
    },
    async discard() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface PactFileSpec {
  /** `<consumer>-<provider>.json` */
  fileName: string;
  /** The consumer's workspace folder, e.g. sample-services/payment-service. */
  consumerDir: string;
  /** Its pact test, relative to consumerDir. */
  consumerTest: string;
}

export async function ensurePactFile(spec: PactFileSpec): Promise<string> {
  const file = path.join(pactDir(), spec.fileName);
  if (existsSync(file)) return file;

  const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  // A clean environment: the child must not think it is a worker of this vitest run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
  try {
    await promisify(execFile)(process.execPath, [vitest, 'run', spec.consumerTest, '--root', spec.consumerDir], {
      cwd: spec.consumerDir,
      env: { ...env, PACT_DIR: pactDir() },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const output = typeof error === 'object' && error !== null && 'stdout' in error ? String(error.stdout) : String(error);
    throw new Error(`${spec.fileName} is missing and running the consumer test ${spec.consumerTest} to produce it failed:\n${output}`);
  }
  if (!existsSync(file)) throw new Error(`${spec.consumerTest} passed but did not write ${file}.`);
  return file;
}
