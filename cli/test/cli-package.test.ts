// The CLI as a package of its own (`npm run pack -w cli`): packed into a tarball, installed into an empty folder
// with npm (no monorepo, no dependencies to fetch), and run as `treaty` — the version, then a publish and a
// can-i-deploy against a real Treaty on loopback — the way a pipeline that does not check out Treaty uses it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { ExitCode } from '../src/errors.ts';
import { CLI_VERSION } from '../src/program.ts';
import { orderPact, pactDir, unique } from './support/treaty-cli.ts';

const run = promisify(execFile);
const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the packed treaty CLI', { timeout: 180_000 }, () => {
  let broker: TestBroker;
  let url: string;
  let installDir: string;
  let treatyBin: string;

  beforeAll(async () => {
    broker = await startTestBroker();
    url = await broker.listen();
    const packed = await run(process.execPath, [path.join(cliDir, 'scripts', 'pack.mjs')], { cwd: cliDir });
    const tarball = packed.stdout.trim().split('\n').at(-1)!;
    expect(tarball).toMatch(/\.tgz$/);
    installDir = mkdtempSync(path.join(tmpdir(), 'treaty-cli-install-'));
    // --offline: the package must install from the tarball alone (everything it needs is bundled in).
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: installDir });
    treatyBin = path.join(installDir, 'node_modules', '.bin', 'treaty');
  }, 180_000);

  afterAll(async () => {
    await broker?.close();
    if (installDir) rmSync(installDir, { recursive: true, force: true });
  });

  /** Runs the installed bin (its own shebang: `#!/usr/bin/env node`), outside the repository. */
  const treaty = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(treatyBin, args, { cwd: installDir, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('installs with no dependencies, outside the monorepo', () => {
    const installed = JSON.parse(readFileSync(path.join(installDir, 'node_modules', '@treaty', 'cli', 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.bin).toEqual({ treaty: 'bin.mjs' });
  });

  it('prints its version', async () => {
    const result = await treaty('--version');
    expect(result).toMatchObject({ code: 0, stdout: `${CLI_VERSION}\n` });
  });

  it('publishes a pact and answers can-i-deploy against a broker on loopback', async () => {
    const consumer = unique('packed-consumer');
    const provider = unique('packed-provider');
    const dir = pactDir({ 'pact.json': orderPact(consumer, provider) });
    const published = await treaty('publish', dir, '--version', '1.0.0', '--branch', 'main', '--broker-base-url', url);
    expect(published.stderr).not.toMatch(/^Error/m);
    expect(published.code).toBe(ExitCode.Success);
    const environment = unique('env');
    expect((await treaty('create-environment', '--name', environment, '--broker-base-url', url)).code).toBe(ExitCode.Success);
    // Nothing verified the pact yet: the computer says no (exit 1), with the reason.
    const answer = await treaty(
      'can-i-deploy',
      '--pacticipant',
      consumer,
      '--version',
      '1.0.0',
      '--to-environment',
      environment,
      '--broker-base-url',
      url,
    );
    expect(answer.code).toBe(ExitCode.Failure);
    expect(answer.stdout).toContain('Computer says no');
  });

  it('names the missing optional package when `verify` needs the Pact library', async () => {
    const result = await treaty(
      'verify',
      '--provider',
      'p',
      '--provider-version',
      '1',
      '--provider-base-url',
      'http://127.0.0.1:9',
      '--broker-base-url',
      url,
    );
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toContain('npm install @pact-foundation/pact');
  });
});
