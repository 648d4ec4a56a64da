// `npm run demo` end to end, as CI runs it: the whole loop against a fresh Treaty (publish → verify →
// record-deployment → can-i-deploy yes → breaking change → verify fails → can-i-deploy no → breaking .proto →
// schema check fails → can-i-deploy no → message pact verified against the AsyncAPI document → can-i-deploy yes →
// renamed event field → AsyncAPI diff breaking → can-i-deploy no, with no message verification run), and
// nothing left behind: the broker port is closed and the work directory removed when it exits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function runDemo(): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'sample-services/demo/src/demo.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('npm run demo', () => {
  it(
    'runs the full loop, with can-i-deploy refusing the breaking pact, the breaking .proto and the breaking event, and exits 0 leaving nothing running',
    { timeout: 600_000 },
    async () => {
      const { code, stdout } = await runDemo();
      const text = stripVTControlCharacters(stdout);
      expect(code, text).toBe(0);

      const steps = [...text.matchAll(/^━━ \d+\. (.+)$/gm)].map((m) => m[1]);
      expect(steps).toMatchInlineSnapshot(`
      [
        "Start Treaty",
        "Start payment-service 1.0.0 (the provider)",
        "order-service CI: run the consumer tests (Pact writes the pact file)",
        "order-service CI: publish the pact as order-service 1.0.0 on branch main",
        "order-service CI: publish its schemas as 1.0.0: the OrderPlaced event it emits, and the payment fields it reads",
        "payment-service CI: verify payment-service 1.0.0 against its consumers' pacts and publish the results",
        "payment-service CI: publish payment.proto and openapi.yaml as payment-service 1.0.0",
        "Record what runs in production",
        "order-service CD: can order-service 1.0.0 go to production?",
        "A breaking change: payment-service 1.1.0 renames "status" to "state" in its responses",
        "payment-service CI: verify 1.1.0 (expected to fail: order-service reads "status")",
        "payment-service CD: can payment-service 1.1.0 go to production? (expected: no)",
        "A breaking proto change: payment-service 1.2.0 changes ChargeResponse.status from the ChargeStatus enum to a string",
        "payment-service CI: treaty schema check before publishing (expected: breaking, naming the rule)",
        "payment-service CI: verify 1.2.0 against the pacts (its HTTP API is unchanged) and publish the proto anyway",
        "payment-service CD: can payment-service 1.2.0 go to production? (expected: no, the proto breaks order-service)",
        "payment-service CI: run its message consumer test (Pact writes the OrderPlaced message pact)",
        "payment-service CI: publish the message pact as payment-service 1.0.0",
        "order-service CI: publish its AsyncAPI document (channel order-events, message OrderPlaced) as order-service 1.0.0",
        "order-service CD: can order-service 1.0.0 go to production? (Treaty checked payment-service's message pact against the AsyncAPI document)",
        "A breaking event change: order-service 1.1.0 renames OrderPlaced's "amount_cents" to "amount"",
        "order-service CI: treaty schema diff --kind asyncapi against the published document (expected: breaking)",
        "order-service CI: publish the AsyncAPI document as 1.1.0 (no Pact message verification is run)",
        "order-service CD: can order-service 1.1.0 go to production? (expected: no, payment-service's message pact fails against it)",
      ]
    `);
      // Every step that ran a command says it exited as expected; the refusals (verify, can-i-deploy, schema check, can-i-deploy,
      // schema diff, can-i-deploy) exit 1.
      expect([...text.matchAll(/→ exit (\d+), as expected/g)].map((m) => Number(m[1]))).toEqual([
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1,
      ]);
      expect(text).toContain('✓ Verification passed: 1 pact, 4 interactions. Results published to Treaty.');
      expect(text).toContain('Computer says yes');
      expect(text).toContain('✗ Verification failed: "a request for charge ch-1" (order-service 1.0.0)');
      expect(text).toContain(
        'The verification for the pact between the version of order-service currently in production (1.0.0) and version 1.1.0 of payment-service failed',
      );
      // The proto change (issue #8): refused by treaty schema check and by can-i-deploy, each naming the rule.
      expect(text).toMatch(
        /\[FIELD_\w*TYPE\] Field "2" with name "status" on message "ChargeResponse" changed type from "(enum|payment\.v1\.ChargeStatus)" to "string"/,
      );
      expect(text.slice(text.indexOf('can payment-service 1.2.0 go to production?'))).toMatch(/Computer says no[\s\S]*FIELD_\w*TYPE/);
      // The event change (issue #13): the AsyncAPI diff names the rule, and can-i-deploy refuses order-service 1.1.0 because
      // Treaty's check of payment-service's message pact against the new document failed; no message verification ran.
      const events = text.slice(text.indexOf('A breaking event change'));
      expect(events).toMatch(
        /order-placed\.schema\.json:\d+:\d+: \[REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL\] Message orderPlaced on channel order-events payload/,
      );
      expect(events).toContain(
        'The verification for the pact between the version of payment-service currently in production (1.0.0) and version 1.1.0 of order-service failed',
      );
      expect(text).not.toContain('test/order-placed.message.provider.test.ts');
      expect(text).toContain('✓ Demo complete');

      const port = Number(/Treaty is up at http:\/\/127\.0\.0\.1:(\d+)/.exec(text)?.[1]);
      expect(await isListening(port)).toBe(false);
      const workDir = /\(work dir (.+)\)/.exec(text)?.[1];
      expect(workDir && existsSync(workDir)).toBe(false);
    },
  );
});
