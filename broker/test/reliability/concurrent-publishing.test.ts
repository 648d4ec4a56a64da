// 50 publishers at once (POST /contracts/publish, what `pact-broker publish` does) through one
// broker on real PostgreSQL (a scratch database of its own, even when the suite runs on PGlite):
// the same consumer version with identical content, the same version with different tags and
// with different content, and different versions. Nothing may 5xx; the find-or-create rows must
// not duplicate; every acknowledged tag must be there, and nothing of a refused (409) publish.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { contract } from '../support/pact-fixtures.ts';
import { count, createScratchPostgres, type ScratchPostgres } from '../support/scratch-postgres.ts';
import { pactDocument, uniqueName } from '../support/seed.ts';
import { sql } from '../../src/store/sql.ts';

let scratch: ScratchPostgres;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  scratch = await createScratchPostgres({ poolSize: 10 });
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const app = createApp({ config, db: scratch.db, logger: createLogger(config) });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await scratch?.drop();
});

interface Publisher {
  version: string;
  variant: string;
  tags: string[];
}

/** The 50 publishers of one round, for one consumer/provider pair. */
function publishers(): Publisher[] {
  const list: Publisher[] = [];
  // 15: version 1.0.0, identical content, each with its own tag.
  for (let i = 0; i < 15; i++) list.push({ version: '1.0.0', variant: 'default', tags: [`own-${i}`] });
  // 10: version 1.0.0, identical content, all with the same two tags.
  for (let i = 0; i < 10; i++) list.push({ version: '1.0.0', variant: 'default', tags: ['shared', 'main'] });
  // 5: version 1.0.0 with different content (overwrites are not allowed: 409 unless it came first).
  for (let i = 0; i < 5; i++) list.push({ version: '1.0.0', variant: `different-${i}`, tags: [`different-${i}`] });
  // 20: different versions, two contents between them, two publishers per version with different tags.
  for (let i = 0; i < 20; i++) list.push({ version: `2.0.${i % 10}`, variant: i % 2 === 0 ? 'default' : 'second', tags: [`v-${i}`] });
  // Versions 2.0.x get the same variant from both of their publishers only when i and i+10 share parity: they do.
  return list;
}

async function publishRound() {
  const consumer = uniqueName('consumer');
  const provider = uniqueName('provider');
  const list = publishers();
  const results = await Promise.all(
    list.map(async (p) => {
      const text = JSON.stringify(pactDocument(consumer, provider, p.variant));
      const res = await fetch(`${baseUrl}/contracts/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          pacticipantName: consumer,
          pacticipantVersionNumber: p.version,
          tags: p.tags,
          contracts: [contract(consumer, provider, text)],
        }),
      });
      return { ...p, status: res.status, body: await res.text() };
    }),
  );
  return { consumer, provider, results };
}

describe('50 concurrent publishers on PostgreSQL', () => {
  // Three rounds, each with its own pacticipants, to give the races more than one chance.
  it.each([1, 2, 3])('round %i: no 5xx, no duplicate rows, no lost tags, one integration', async () => {
    const { consumer, provider, results } = await publishRound();
    const db = scratch.db;

    // Only 200, or 409 for a publish whose content differs from what its version got first.
    const failures = results.filter((r) => r.status !== 200 && r.status !== 409);
    expect(failures.map((r) => `${r.status} ${r.body}`)).toEqual([]);
    const winner = new Map<string, string>();
    for (const r of results.filter((x) => x.status === 200)) {
      expect(winner.get(r.version) ?? r.variant, `two contents acknowledged for ${r.version}`).toBe(r.variant);
      winner.set(r.version, r.variant);
    }
    expect([...winner.keys()].sort()).toEqual(['1.0.0', ...Array.from({ length: 10 }, (_, i) => `2.0.${i}`)].sort());
    for (const r of results) expect(r.status, `${r.version} ${r.variant}: ${r.body}`).toBe(r.variant === winner.get(r.version) ? 200 : 409);
    const conflicts = results.filter((r) => r.status === 409).length;
    expect(conflicts).toBe(winner.get('1.0.0') === 'default' ? 5 : 29);

    const ids = await db.rows<{ id: number; name: string }>(
      sql`SELECT id, name FROM pacticipants WHERE name_key = ANY(${[consumer.toLowerCase(), provider.toLowerCase()]}::text[])`,
    );
    expect(ids.map((r) => r.name).sort()).toEqual([consumer, provider].sort());
    const consumerId = ids.find((r) => r.name === consumer)!.id;
    const providerId = ids.find((r) => r.name === provider)!.id;

    // One version per number, one publication per version, all at revision 1.
    const versions = await db.rows<{ number: string; n: number }>(
      sql`SELECT number, count(*)::int AS n FROM versions WHERE pacticipant_id = ${consumerId} GROUP BY number ORDER BY number`,
    );
    expect(versions).toEqual([...winner.keys()].sort().map((number) => ({ number, n: 1 })));
    const publications = await db.rows<{
      number: string;
      revision: number;
      content: string;
    }>(sql`SELECT v.number, pp.revision_number AS revision, pv.content FROM pact_publications pp
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
        WHERE pp.consumer_id = ${consumerId} AND pp.provider_id = ${providerId} ORDER BY v.number`);
    expect(publications.map((p) => ({ number: p.number, revision: p.revision, content: p.content }))).toEqual(
      [...winner.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([number, variant]) => ({ number, revision: 1, content: JSON.stringify(pactDocument(consumer, provider, variant)) })),
    );

    // One pact version per distinct acknowledged content.
    expect(
      await count(db, `SELECT count(*)::int AS n FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2`, [consumerId, providerId]),
    ).toBe(new Set(winner.values()).size);
    expect(
      await count(
        db,
        `SELECT count(*)::int AS n FROM (SELECT sha FROM pact_versions WHERE consumer_id = $1 GROUP BY sha HAVING count(*) > 1) d`,
        [consumerId],
      ),
    ).toBe(0);

    // Every tag of an acknowledged publish is there, and no tag of a refused one.
    const expectedTags = new Set(results.filter((r) => r.status === 200).flatMap((r) => r.tags.map((t) => `${r.version}/${t}`)));
    const tags = await db.rows<{ tag: string }>(
      sql`SELECT v.number || '/' || t.name AS tag FROM tags t JOIN versions v ON v.id = t.version_id WHERE t.pacticipant_id = ${consumerId} ORDER BY 1`,
    );
    expect(tags.map((t) => t.tag)).toEqual([...expectedTags].sort());

    expect(
      await count(
        db,
        `SELECT count(*)::int AS n FROM integrations WHERE consumer_id = $1 OR provider_id = $1 OR consumer_id = $2 OR provider_id = $2`,
        [consumerId, providerId],
      ),
    ).toBe(1);

    // And the broker serves what it stored.
    const pact = await fetch(`${baseUrl}/pacts/provider/${provider}/consumer/${consumer}/version/1.0.0`);
    expect(pact.status).toBe(200);
    expect(((await pact.json()) as { interactions: Array<{ description: string }> }).interactions[0]!.description).toContain(
      `(${winner.get('1.0.0')})`,
    );
  });
});
