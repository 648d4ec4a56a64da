// Child processes for the demo: run a command to completion while streaming its output (as a CI log
// shows it) and capturing it, and start/stop a long-running one. Every child started here is tracked,
// so the demo can stop all of them on the way out, failure or not.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

export interface Finished {
  code: number | null;
  output: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where the child's output is echoed, line by line (default: this process's stdout). */
  echo?: (text: string) => void;
}

const running = new Set<ChildProcess>();

export function runToEnd(command: string, args: string[], options: RunOptions): Promise<Finished> {
  const echo = options.echo ?? ((text: string) => process.stdout.write(text));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      echo(text);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      running.delete(child);
      reject(error);
    });
    child.once('close', (code) => {
      running.delete(child);
      resolve({ code, output });
    });
  });
}

export interface Background {
  child: ChildProcess;
  /** Output so far (for the error message when it dies early). */
  output(): string;
  stop(): Promise<void>;
}

export function startInBackground(command: string, args: string[], options: RunOptions & { prefix: string }): Background {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) process.stderr.write(`${options.prefix}${line}\n`);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', () => running.delete(child));
  return { child, output: () => output, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every child still running (the demo's last line of defence). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `url` until it answers 200, the child dies, or the time is up. */
export async function waitForHttp(url: string, background: Background, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (background.child.exitCode !== null)
      throw new Error(`it exited with code ${background.child.exitCode} before answering:\n${background.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${Math.round(timeoutMs / 1000)} s:\n${background.output()}`);
}
