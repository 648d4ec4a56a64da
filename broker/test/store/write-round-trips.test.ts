// The write hot paths of issue #14 on real PostgreSQL (a scratch database of its own, so no other test's
// enabled webhook changes what a publish has to do): publishing a pact and recording a verification take at
// most 3 round trips (the common case is one autocommit statement), counted on the wire by a proxy between the broker's pools
// and the server; and concurrent writers of the same rows neither fail, deadlock, duplicate nor lose rows.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db.ts';
import { publishContracts, type PublishOptions, type PublishRequest } from '../../src/store/pacts/publish.ts';
import { recordVerification } from '../../src/store/verifications.ts';
import { contentSha } from '../../src/domain/pacts/content-hash.ts';
import type { JsonObject } from '../../src/domain/pacts/canonical-json.ts';
import { count, createScratchPostgres, type ScratchPostgres } from '../support/scratch-postgres.ts';
import { uniqueName } from '../support/seed.ts';

/**
 * A TCP proxy that counts round trips: every Query ('Q') or Sync ('S') message the client sends ends a batch
 * the client then waits on (ReadyForQuery), whatever the driver does with prepared statements.
 */
class RoundTripCounter {
  roundTrips = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: URL) {
    this.server = createServer((client) => this.relay(client));
  }

  async listen(): Promise<URL> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
    this.sockets.add(client).add(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    let pending = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          // The startup packet (and an SSLRequest before it) has no type byte.
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          pending = pending.subarray(length);
          if (code !== 80877103) started = true;
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const type = String.fromCharCode(pending[0]!);
        if (type === 'Q' || type === 'S') this.roundTrips++;
        pending = pending.subarray(1 + length);
      }
    });
  }
}

let scratch: ScratchPostgres;
let proxy: RoundTripCounter;
let db: Database;

beforeAll(async () => {
  scratch = await createScratchPostgres({ poolSize: 2 });
  proxy = new RoundTripCounter(new URL(scratch.url));
  db = await openDatabase({ kind: 'postgres', url: (await proxy.listen()).toString(), poolSize: 8 });
});

afterAll(async () => {
  await db?.close();
  await proxy?.close();
  await scratch?.drop();
});

// What the HTTP routes pass: jobs on, GitHub statuses off (no token).
const options: PublishOptions = {
  allowContractOverwrite: false,
  jobs: { baseUrl: 'http://broker.test', webhookMaxAttempts: 3, githubStatuses: false },
};

function pact(consumer: string, provider: string, description: string): { text: string; pact: JsonObject } {
  const document = {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [{ description, request: { method: 'GET', path: '/orders/1' }, response: { status: 200 } }],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
  return { text: JSON.stringify(document), pact: document };
}

function request(consumer: string, provider: string, version: string, description: string, extra: Partial<PublishRequest> = {}) {
  return {
    pacticipantName: consumer,
    versionNumber: version,
    contracts: [
      { providerName: provider, ...pact(consumer, provider, description), interactionCount: 1, onConflict: 'overwrite' as const },
    ],
    ...extra,
  } satisfies PublishRequest;
}

async function roundTripsOf<T>(write: () => Promise<T>): Promise<{ result: T; roundTrips: number }> {
  const before = proxy.roundTrips;
  const result = await write();
  return { result, roundTrips: proxy.roundTrips - before };
}

describe('round trips of the write hot paths (PostgreSQL, counted on the wire)', () => {
  test('publishing a new pact, with branch and tags, for new pacticipants and a new version: at most 3', async () => {
    const [consumer, provider] = [uniqueName('rt-consumer'), uniqueName('rt-provider')];
    const { result, roundTrips } = await roundTripsOf(() =>
      publishContracts(
        db,
        request(consumer, provider, '1.0.0', 'first', { branch: 'main', tags: ['dev', 'prod', 'dev'], buildUrl: 'https://ci/1' }),
        options,
      ),
    );
    expect(roundTrips).toBeLessThanOrEqual(3);
    expect(result).toMatchObject({
      pacticipant: { name: consumer, created: true },
      version: { number: '1.0.0', created: true, buildUrl: 'https://ci/1' },
      branch: { name: 'main', created: true },
      tags: [
        { name: 'dev', created: true },
        { name: 'prod', created: true },
      ],
      contracts: [{ providerName: provider, outcome: 'created', revisionNumber: 1 }],
    });
    expect(
      await count(
        scratch.db,
        'SELECT count(*)::int AS n FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id WHERE c.name = $1',
        [consumer],
      ),
    ).toBe(1);
  });

  test('publishing new and already-published content for the next versions: at most 3 each, and the content is shared', async () => {
    const [consumer, provider] = [uniqueName('rt-consumer'), uniqueName('rt-provider')];
    await publishContracts(db, request(consumer, provider, '1', 'shared', { branch: 'main' }), options);
    const repeated = await roundTripsOf(() =>
      publishContracts(db, request(consumer, provider, '2', 'shared', { branch: 'main', tags: ['t'] }), options),
    );
    const changed = await roundTripsOf(() =>
      publishContracts(db, request(consumer, provider, '3', 'changed', { branch: 'main' }), options),
    );
    expect([repeated.roundTrips, changed.roundTrips].every((n) => n <= 3)).toBe(true);
    expect(repeated.result).toMatchObject({ pacticipant: { created: false }, version: { created: true }, branch: { created: true } });
    expect(repeated.result.contracts[0]!.sha).toBe(contentSha(pact(consumer, provider, 'shared').pact));
    expect(
      await count(
        scratch.db,
        'SELECT count(*)::int AS n FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id WHERE c.name = $1',
        [consumer],
      ),
    ).toBe(2);
    expect(
      await count(
        scratch.db,
        'SELECT count(*)::int AS n FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id WHERE c.name = $1',
        [consumer],
      ),
    ).toBe(3);
  });

  test('recording a verification (new and existing provider version): at most 3 each, numbered 1, 2', async () => {
    const [consumer, provider] = [uniqueName('rt-consumer'), uniqueName('rt-provider')];
    const published = await publishContracts(db, request(consumer, provider, '1', 'verified'), options);
    const sha = published.contracts[0]!.sha;
    const verify = (providerVersionNumber: string) =>
      roundTripsOf(() =>
        recordVerification(db, { providerName: provider, consumerName: consumer, sha, providerVersionNumber, success: true }, options.jobs),
      );
    const first = await verify('p1');
    const second = await verify('p1');
    expect([first.roundTrips, second.roundTrips].every((n) => n <= 3)).toBe(true);
    expect([first.result?.number, second.result?.number]).toEqual([1, 2]);
    expect(first.result).toMatchObject({ consumerName: consumer, providerName: provider, providerVersionNumber: 'p1', success: true, sha });
  });

  test('the proxy does count: the general path (a re-publish of the same version) takes more than 3', async () => {
    const [consumer, provider] = [uniqueName('rt-consumer'), uniqueName('rt-provider')];
    await publishContracts(db, request(consumer, provider, '1', 'same'), options);
    const again = await roundTripsOf(() => publishContracts(db, request(consumer, provider, '1', 'same'), options));
    expect(again.result.contracts[0]!.outcome).toBe('unchanged');
    expect(again.roundTrips).toBeGreaterThan(3);
  });
});

describe('concurrent writers of the same rows (PostgreSQL)', () => {
  test('publishes of one new consumer version to one new provider and to many: no error, no duplicate, nothing lost', async () => {
    const consumer = uniqueName('race-consumer');
    const shared = uniqueName('race-provider');
    const others = Array.from({ length: 6 }, (_, i) => uniqueName(`race-provider-${i}`));
    const writes = [
      // 8 identical publishes of the same new version to the same new provider, each with its own tag
      ...Array.from({ length: 8 }, (_, i) => request(consumer, shared, '1.0.0', 'same', { branch: 'main', tags: [`own-${i}`] })),
      // the same new version to 6 other new providers at once
      ...others.map((provider) => request(consumer, provider, '1.0.0', 'other', { branch: 'main', tags: ['shared'] })),
    ];
    const results = await Promise.all(writes.map((w) => publishContracts(db, w, options)));
    const sameOutcomes = results.slice(0, 8).map((r) => r.contracts[0]!.outcome);
    expect(sameOutcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(sameOutcomes.filter((o) => o === 'unchanged')).toHaveLength(7);
    expect(results.filter((r) => r.version.created)).toHaveLength(1);
    expect(results.filter((r) => r.pacticipant.created)).toHaveLength(1);
    expect(results.filter((r) => r.branch?.created)).toHaveLength(1);
    const byName = (table: string, where: string) =>
      count(scratch.db, `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [consumer.toLowerCase()]);
    const ofConsumer = 'pacticipant_id = (SELECT id FROM pacticipants WHERE name_key = $1)';
    expect(await byName('pacticipants', 'name_key = $1')).toBe(1);
    expect(await byName('versions', ofConsumer)).toBe(1);
    expect(await byName('branches', ofConsumer)).toBe(1);
    expect(await byName('branch_versions', ofConsumer)).toBe(1);
    expect(await byName('tags', ofConsumer)).toBe(9);
    const ofConsumerPacts = 'consumer_id = (SELECT id FROM pacticipants WHERE name_key = $1)';
    expect(await byName('pact_publications', ofConsumerPacts)).toBe(7);
    expect(await byName('pact_versions', ofConsumerPacts)).toBe(7);
    expect(await byName('integrations', ofConsumerPacts)).toBe(7);
  });

  test('publishes of many new versions on one existing branch at once: each on the branch, the branch touched by the burst', async () => {
    // The one statement bumps the branch's updated_at with SKIP LOCKED, so these must not queue on the branch row;
    // every version must still join the branch, and the branch's updated_at must come from this burst.
    const [consumer, provider] = [uniqueName('branch-burst-consumer'), uniqueName('branch-burst-provider')];
    await publishContracts(db, request(consumer, provider, '0', 'first', { branch: 'main' }), options);
    const ofConsumer = 'pacticipant_id = (SELECT id FROM pacticipants WHERE name_key = $1)';
    const updatedAt = async () =>
      count(scratch.db, `SELECT (extract(epoch FROM updated_at) * 1000000)::bigint AS n FROM branches WHERE ${ofConsumer}`, [
        consumer.toLowerCase(),
      ]);
    const before = await updatedAt();
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        publishContracts(db, request(consumer, provider, String(i + 1), `v${i}`, { branch: 'main' }), options),
      ),
    );
    expect(results.map((r) => r.contracts[0]!.outcome)).toEqual(Array.from({ length: 16 }, () => 'created'));
    const byName = (table: string) =>
      count(scratch.db, `SELECT count(*)::int AS n FROM ${table} WHERE ${ofConsumer}`, [consumer.toLowerCase()]);
    expect(await byName('branches')).toBe(1);
    expect(await byName('branch_versions')).toBe(17);
    expect(await updatedAt()).toBeGreaterThan(before);
  });

  test('a publish on a branch does not wait for another publish on it that has not committed yet', async () => {
    // Waiting for the branch row (every publish bumps its updated_at) made the publishes on one branch commit one
    // at a time (issue #14: "publish new pact" at c=16). Here the first publish stays uncommitted inside a
    // transaction while the second runs; the second must finish on its own, on the branch.
    const [consumer, provider] = [uniqueName('branch-wait-consumer'), uniqueName('branch-wait-provider')];
    await publishContracts(db, request(consumer, provider, '0', 'first', { branch: 'main' }), options);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstPublished!: () => void;
    const first = new Promise<void>((resolve) => (firstPublished = resolve));
    const open = db.transaction(async (tx) => {
      await publishContracts(tx, request(consumer, provider, '1', 'v1', { branch: 'main' }), options);
      firstPublished();
      await held;
    });
    await first;
    const second = publishContracts(db, request(consumer, provider, '2', 'v2', { branch: 'main' }), options);
    const outcome = await Promise.race([
      second.then((r) => r.contracts[0]!.outcome),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5_000)),
    ]);
    release();
    await Promise.all([open, second]);
    expect(outcome).toBe('created');
    const onBranch = await count(
      scratch.db,
      `SELECT count(*)::int AS n FROM branch_versions WHERE pacticipant_id = (SELECT id FROM pacticipants WHERE name_key = $1)`,
      [consumer.toLowerCase()],
    );
    expect(onBranch).toBe(3);
  });

  test('verifications of one pact version by one new provider version at once: numbers 1..n, one provider version', async () => {
    const [consumer, provider] = [uniqueName('race-consumer'), uniqueName('race-provider')];
    const sha = (await publishContracts(db, request(consumer, provider, '1', 'verified'), options)).contracts[0]!.sha;
    const n = 12;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        recordVerification(
          db,
          { providerName: provider, consumerName: consumer, sha, providerVersionNumber: 'p-new', success: i % 2 === 0 },
          options.jobs,
        ),
      ),
    );
    expect(results.map((r) => r!.number).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const providerKey = [provider.toLowerCase()];
    expect(
      await count(
        scratch.db,
        'SELECT count(*)::int AS n FROM versions WHERE pacticipant_id = (SELECT id FROM pacticipants WHERE name_key = $1)',
        providerKey,
      ),
    ).toBe(1);
    const latest = await count(
      scratch.db,
      `SELECT (SELECT max(id) FROM verifications WHERE provider_id = p.id) - lv.verification_id AS n
         FROM latest_verifications lv JOIN versions v ON v.id = lv.provider_version_id JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name_key = $1`,
      providerKey,
    );
    expect(latest).toBe(0);
  });
});
