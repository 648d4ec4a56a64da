// Runs the real `treaty` command as a subprocess, from its TypeScript sources (`node --import tsx cli/src/bin.ts`, so
// the tests need no build; cli/test/cli-package.test.ts covers the compiled, packed CLI), with a clean environment
// (no inherited TREATY_*, PACT_BROKER_* or CI variables), and collects its output and exit code.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { productNode } from '../../../broker/test/support/product-node.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const treatySource = resolve(here, '../../src/bin.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const fixturesDir = resolve(here, '../fixtures');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Called with all of stderr so far each time the child writes to it (to act on progress messages). */
  onStderr?: (soFar: string) => void;
  /** Close the reading end of stdout at once, like `treaty ... | head` whose reader has stopped. */
  closeStdout?: boolean;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // The child needs PATH, HOME etc., minus anything that would configure treaty.
  const inherited = Object.entries(process.env).filter(
    ([k]) =>
      !/^(TREATY_|PACT_BROKER_|GITHUB_|GITLAB_|CI_|CIRCLE|BUILDKITE|BITBUCKET_|TRAVIS|APPVEYOR|TF_BUILD|JENKINS_URL|GIT_COMMIT|GIT_BRANCH|BUILD_URL)/.test(
        k,
      ),
  );
  return { ...Object.fromEntries(inherited), NO_COLOR: '1', ...extra };
}

export function treaty(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(productNode, ['--import', tsxLoader, treatySource, ...args], {
      cwd: options.cwd ?? tmpdir(),
      env: cleanEnv(options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout.destroy();
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      options.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A unique suffix, so each test is its own tenant on a shared database. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Writes pact files into a fresh temp directory and returns it. */
export function pactDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'treaty-cli-pacts-'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

/** The fixture pact with the given consumer and provider names (and optionally a changed amount, i.e. new content). */
export function orderPact(consumer: string, provider: string, amount = 1999): Record<string, unknown> {
  const pact = JSON.parse(readFileSync(join(fixturesDir, 'order-service-payment-service.json'), 'utf8')) as {
    interactions: Array<{ request: { body: { amount: number } } }>;
  } & Record<string, unknown>;
  for (const interaction of pact.interactions) interaction.request.body.amount = amount;
  return { ...pact, consumer: { name: consumer }, provider: { name: provider } };
}
