// What the CLI needs from the outside world, injected so commands can be tested without a process.
import { execFileSync } from 'node:child_process';

export interface Io {
  /** A line (or lines) for stdout: the command's result. */
  out(text: string): void;
  /** A line for stderr: progress, diagnostics, errors. */
  err(text: string): void;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Runs `git <args>` and returns trimmed stdout, or undefined when git fails or is not installed. */
export type GitRunner = (args: string[]) => string | undefined;

export interface CliDeps {
  io: Io;
  env: Env;
  cwd: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  git: GitRunner;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

export function gitIn(cwd: string): GitRunner {
  return (args) => {
    try {
      const out = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
      const trimmed = out.trim();
      return trimmed === '' ? undefined : trimmed;
    } catch {
      return undefined;
    }
  };
}

export function defaultDeps(): CliDeps {
  const cwd = process.cwd();
  return {
    io: processIo(),
    // eslint-disable-next-line no-process-env -- the one place the CLI reads the environment; passed down from here
    env: process.env,
    cwd,
    fetch: globalThis.fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    git: gitIn(cwd),
  };
}
