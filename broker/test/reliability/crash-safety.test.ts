// The broker killed with SIGKILL in the middle of a publishing load (no graceful shutdown) on
// real PostgreSQL: after a restart on the same database every acknowledged publish is fully
// there, nothing is half-written (a publish is one transaction), and the broker works again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.ts';
import { contract } from '../support/pact-fixtures.ts';
import { count, createScratchPostgres, type ScratchPostgres } from '../support/scratch-postgres.ts';
import { pactDocument, uniqueName } from '../support/seed.ts';
import { sql } from '../../src/store/sql.ts';

const TOTAL = 200;
const IN_FLIGHT = 8;
/** Three crashes: the broker is SIGKILLed when this many publishes are acknowledged, and restarted. */
const KILL_AT_ACKNOWLEDGED = [40, 90, 140];

let scratch: ScratchPostgres;
const brokers: BrokerProcess[] = [];

beforeAll(async () => {
  scratch = await createScratchPostgres();
});

afterAll(async () => {
  for (const b of brokers) await killHard(b);
  await scratch?.drop();
});

/** SIGKILL: the broker gets no chance to finish anything. */
const killHard = (broker: BrokerProcess): Promise<number | null> => broker.stop('SIGKILL');

const versionOf = (i: number) => `1.0.${i}`;
const tagOf = (i: number) => `build-${i}`;

function publish(url: string, consumer: string, provider: string, version: string, tag: string, variant: string) {
  const text = JSON.stringify(pactDocument(consumer, provider, variant));
  return fetch(`${url}/contracts/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      pacticipantName: consumer,
      pacticipantVersionNumber: version,
      tags: [tag],
      contracts: [contract(consumer, provider, text)],
    }),
  });
}

describe('SIGKILL during a publishing load on PostgreSQL', () => {
  it('keeps every acknowledged publish, leaves nothing half-written, and serves again after a restart', { timeout: 180_000 }, async () => {
    const consumer = uniqueName('consumer');
    const provider = uniqueName('provider');
    const acknowledged = new Set<number>();
    const attempted = new Set<number>();
    /** Sent, but the connection died with the broker: the outcome is unknown to the client. */
    const cutOff = new Set<number>();
    const unexpected: string[] = [];
    let next = 0;

    /** Runs the load through `broker` until `killAt` publishes are acknowledged, then SIGKILLs it mid-publish. */
    const loadUntilKilled = async (broker: BrokerProcess, killAt: number) => {
      let killed = false;
      let killing = false;
      const worker = async () => {
        while (next < TOTAL && !killed) {
          const i = next++;
          attempted.add(i);
          const answer = publish(broker.url, consumer, provider, versionOf(i), tagOf(i), `load-${i}`).then(async (res) => ({
            status: res.status,
            body: await res.text(),
          }));
          answer.catch(() => {}); // handled below; do not report it unhandled while we wait
          if (!killing && acknowledged.size >= killAt) {
            // Let this publish reach the broker, then kill it while the publish is under way.
            killing = true;
            await new Promise((resolve) => setTimeout(resolve, 5));
            killed = true;
            expect(await killHard(broker)).toBe(null); // exited by the signal, not by itself
          }
          try {
            const { status, body } = await answer;
            if (status === 200) acknowledged.add(i);
            else unexpected.push(`${i}: ${status} ${body}`);
          } catch {
            if (killed) cutOff.add(i);
            else unexpected.push(`${i}: connection failed before the kill`);
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      expect(killed).toBe(true);
      await expect(fetch(`${broker.url}/`), 'the killed broker still answers').rejects.toThrow();
    };

    for (const killAt of KILL_AT_ACKNOWLEDGED) {
      const broker = await startBrokerProcess({ DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' });
      brokers.push(broker);
      await loadUntilKilled(broker, killAt);
    }
    expect(unexpected).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AT_ACKNOWLEDGED.at(-1)!);
    expect(attempted.size).toBeLessThan(TOTAL); // the last kill really was in the middle of the load
    expect(cutOff.size).toBeGreaterThan(0); // the kills cut publishes off
    expect(acknowledged.size + cutOff.size).toBe(attempted.size);

    const second = await startBrokerProcess({ DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' });
    brokers.push(second);

    // Every acknowledged publish: version, tag and pact, through the restarted broker.
    for (const i of [...acknowledged].sort((a, b) => a - b)) {
      const version = await fetch(`${second.url}/pacticipants/${consumer}/versions/${versionOf(i)}`);
      expect(version.status, `version ${versionOf(i)}`).toBe(200);
      const tag = await fetch(`${second.url}/pacticipants/${consumer}/versions/${versionOf(i)}/tags/${tagOf(i)}`);
      expect(tag.status, `tag ${tagOf(i)}`).toBe(200);
      const pact = await fetch(`${second.url}/pacts/provider/${provider}/consumer/${consumer}/version/${versionOf(i)}`);
      expect(pact.status, `pact of ${versionOf(i)}`).toBe(200);
      const body = (await pact.json()) as { interactions: Array<{ description: string }> };
      expect(body.interactions[0]!.description).toContain(`(load-${i})`);
    }

    // No partial data: every version the load created has its tag and its one publication, and
    // versions exist only for publishes that were sent (acknowledged, or cut off by a kill).
    const db = scratch.db;
    const rows = await db.rows<{ number: string; tags: number; publications: number }>(sql`SELECT v.number,
              (SELECT count(*)::int FROM tags t WHERE t.version_id = v.id) AS tags,
              (SELECT count(*)::int FROM pact_publications pp WHERE pp.consumer_version_id = v.id) AS publications
         FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = ${consumer}`);
    const stored = new Set(rows.map((r) => r.number));
    for (const i of acknowledged) expect(stored.has(versionOf(i)), versionOf(i)).toBe(true);
    expect(cutOff.size).toBeLessThanOrEqual(IN_FLIGHT * KILL_AT_ACKNOWLEDGED.length);
    const sent = new Set([...attempted].map(versionOf));
    for (const number of stored) expect(sent.has(number), `${number} was never published`).toBe(true);
    expect(rows.filter((r) => r.tags !== 1 || r.publications !== 1)).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(acknowledged.size);
    expect(rows.length).toBeLessThanOrEqual(attempted.size);
    expect(
      await count(
        db,
        `SELECT count(*)::int AS n FROM pact_publications pp LEFT JOIN pact_versions pv ON pv.id = pp.pact_version_id WHERE pv.id IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*)::int AS n FROM pact_versions pv WHERE NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = pv.id)`,
      ),
    ).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM pact_publications`)).toBe(rows.length);
    expect(await count(db, `SELECT count(*)::int AS n FROM pact_versions`)).toBe(rows.length); // each publish had its own content
    expect(await count(db, `SELECT count(*)::int AS n FROM pacticipants`)).toBe(2);
    expect(await count(db, `SELECT count(*)::int AS n FROM integrations`)).toBe(1);

    // The restarted broker accepts a new publish and serves it.
    const after = await publish(second.url, consumer, provider, '2.0.0', 'after-restart', 'after-restart');
    expect(after.status, await after.clone().text()).toBe(200);
    const pact = await fetch(`${second.url}/pacts/provider/${provider}/consumer/${consumer}/latest/after-restart`);
    expect(pact.status).toBe(200);
    expect(((await pact.json()) as { interactions: Array<{ description: string }> }).interactions[0]!.description).toContain(
      '(after-restart)',
    );
    expect(await count(db, `SELECT count(*)::int AS n FROM pact_publications`)).toBe(rows.length + 1);
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});
