// `npm start` as a user runs it: the broker migrates the embedded database itself on first start,
// a second start applies nothing, and Ctrl-C (SIGINT) or SIGTERM closes it cleanly without losing
// what was acknowledged (issue 2).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess } from '../support/broker-process.ts';
import { pactDocument } from '../support/seed.ts';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'treaty-data-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const logMessages = (logs: string[]) =>
  logs.flatMap((line) => {
    try {
      return [JSON.parse(line) as { msg?: string; applied?: string[] }];
    } catch {
      return [];
    }
  });

describe('starting and stopping the broker on the embedded database', () => {
  it('migrates on first start, keeps published data across a SIGINT restart, and applies nothing the second time', async () => {
    const first = await startBrokerProcess({ TREATY_DATA_DIR: dataDir });
    expect(logMessages(first.logs).some((l) => l.msg === 'applied database migrations')).toBe(true);
    const publish = await fetch(`${first.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pacticipantName: 'order-service',
        pacticipantVersionNumber: 'abc123',
        branch: 'main',
        contracts: [
          {
            consumerName: 'order-service',
            providerName: 'payment-service',
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(pactDocument('order-service', 'payment-service'))).toString('base64'),
          },
        ],
      }),
    });
    expect(publish.status).toBe(200);
    expect(await first.stop('SIGINT')).toBe(0);

    const second = await startBrokerProcess({ TREATY_DATA_DIR: dataDir });
    try {
      expect(logMessages(second.logs).some((l) => l.msg === 'applied database migrations')).toBe(false);
      const pact = await fetch(`${second.url}/pacts/provider/payment-service/consumer/order-service/version/abc123`);
      expect(pact.status).toBe(200);
      expect(((await pact.json()) as { consumer: { name: string } }).consumer.name).toBe('order-service');
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  }, 180_000);

  it('refuses to start with a clear message when the configuration is invalid', async () => {
    await expect(startBrokerProcess({ TREATY_DATA_DIR: dataDir, TREATY_MAX_BODY_BYTES: 'lots' }, 20_000)).rejects.toThrow(
      /TREATY_MAX_BODY_BYTES/,
    );
  }, 60_000);
});
