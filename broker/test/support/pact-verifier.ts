// Runs the official Rust `pact-verifier` (shipped in @pact-foundation/pact-cli) as a subprocess and
// reads its JSON report, so tests can assert per interaction.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface InteractionResult {
  description: string;
  /** "Ok" when it passed; otherwise the verifier's word for it ("Failed", "Error", ...). */
  result: string;
}

export interface VerifierRun {
  exitCode: number;
  /** The verifier's own human-readable output. */
  output: string;
  interactions: InteractionResult[];
  /** One line per failure: the interaction (with its provider state) and the mismatch. */
  failures: string[];
}

export function pactCliBin(name: 'pact-verifier' | 'pact-broker' | 'pactflow'): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@pact-foundation/pact-cli/package.json')), 'bin', `${name}.js`);
}

/** The parts of `pact-verifier --json` we read. */
interface JsonReport {
  errors?: Array<{ interaction: string; mismatch?: unknown }>;
  interactionResults?: InteractionResult[];
}

export async function runPactVerifier(args: string[]): Promise<VerifierRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'treaty-verifier-'));
  const report = path.join(dir, 'report.json');
  try {
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [pactCliBin('pact-verifier'), ...args, '--json', report, '--no-colour'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ exitCode: code ?? 1, output }));
    });
    const json = JSON.parse(await readFile(report, 'utf8').catch(() => '{}')) as JsonReport;
    return {
      exitCode,
      output,
      interactions: json.interactionResults ?? [],
      failures: (json.errors ?? []).map((e) => `${e.interaction}: ${JSON.stringify(e.mismatch).slice(0, 1500)}`),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
