// Runs the broker as its own process — from the TypeScript sources with the tsx loader, or the compiled
// broker/dist/main.js with plain node as `npm start` and the image do — for tests of start-up, migrations on
// start and clean shutdown on signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { productNode } from './product-node.ts';

const mainScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/main.ts');
/** What scripts/build.mjs writes (the `broker` target). */
export const compiledMainScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface BrokerProcess {
  url: string;
  child: ChildProcess;
  /** Every log line so far (JSON lines from pino). */
  logs: string[];
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startBrokerProcess(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
  options: { compiled?: boolean; nodeArgs?: string[] } = {},
): Promise<BrokerProcess> {
  const port = await freePort();
  // `node --import tsx` runs main.ts in this very process (the `tsx` CLI would add a wrapper process
  // that cannot relay SIGKILL, leaving the broker running after a "kill").
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  const entry = options.compiled ? [compiledMainScript] : ['--import', pathToFileURL(tsxLoader).href, mainScript];
  const child = spawn(productNode, [...(options.nodeArgs ?? []), ...entry], {
    env: { ...process.env, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const collect = (d: Buffer) => logs.push(...d.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the broker exited with ${child.exitCode}:\n${logs.join('\n')}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the broker did not start within ${timeoutMs} ms:\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    logs,
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
