// The benchmark scripts' command lines (npm run bench, npm run bench:seed): --help prints the usage and exits 0,
// and a wrong option is a one-line message and exit 2, not a stack trace — before anything touches a database.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function runScript(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // An unreachable database: a script that got past its options would fail differently (exit 1, a connection error).
  const env = { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none' };
  const child = spawn(process.execPath, ['--import', tsx, path.join(benchDir, script), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const scripts = [
  {
    script: 'run.ts',
    usage: 'Usage: npm run bench',
    options: ['--database-url', '--pglite', '--duration', '--only', '--json', '--experiment'],
  },
  { script: 'seed-cli.ts', usage: 'Usage: npm run bench:seed', options: ['--services', '--versions', '--seed', '--database-url'] },
];

describe.each(scripts)('broker/bench/$script', { timeout: 60_000 }, ({ script, usage, options }) => {
  it('prints its usage with every option on --help and -h, and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await runScript(script, [flag]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(usage);
      for (const option of options) expect(result.stdout).toContain(option);
    }
  });

  it('rejects an unknown option with a clear message and exit 2, without a stack trace', async () => {
    const result = await runScript(script, ['--no-such-option']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--no-such-option'");
    expect(result.stderr).toContain('--help');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects an option without its value, and a stray argument, with exit 2', async () => {
    const missing = await runScript(script, ['--seed']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'--seed <value>' argument missing");
    const stray = await runScript(script, ['extra']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("Unexpected argument 'extra'");
  });
});
