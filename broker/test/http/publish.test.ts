import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contract, expectedPrefix, pactFixtureFiles, pactFixtureText, publishBody } from '../support/pact-fixtures.ts';
import { pactDocument, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { queryText } from '../support/test-database.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

const names = () => ({ consumer: uniqueName('order-web'), provider: uniqueName('payment-api') });
const v3 = (consumer: string, provider: string, variant = 'a') => JSON.stringify(pactDocument(consumer, provider, variant));

async function countRows(sql: string, ...params: unknown[]): Promise<number> {
  const rows = await queryText<{ n: number }>(broker.db, `SELECT count(*)::int AS n ${sql}`, params);
  return rows[0]!.n;
}
/** Field messages from a problem body, whether `errors` is the Pact Broker map or a list of {field, message}. */
function fieldMessages(body: { errors?: unknown }, field: string): string[] {
  const errors = body.errors;
  if (Array.isArray(errors)) return errors.filter((e: { field?: string }) => e.field === field).map((e: { message: string }) => e.message);
  return ((errors as Record<string, string[]> | undefined) ?? {})[field] ?? [];
}
const pactVersionCount = (consumer: string) =>
  countRows(`FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id WHERE c.name = $1`, consumer);

describe('POST /contracts/publish (pact-broker publish)', () => {
  test('answers with notices AND logs, the embedded pacticipant and version, and the link arrays (Pact Broker Client V2 pact "a request to publish contracts")', async () => {
    const { consumer, provider } = names();
    const text = v3(consumer, provider);
    const res = await broker.request
      .post('/contracts/publish')
      .set('Accept', 'application/hal+json')
      .send({
        ...publishBody({ consumer, provider, version: '5556b81', text, branch: 'main', tags: ['dev'], onConflict: 'merge' }),
        buildUrl: 'http://build',
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json; ?charset=utf-8$/);
    expect(res.body._embedded).toMatchObject({
      pacticipant: { name: consumer },
      version: { number: '5556b81', branch: 'main', buildUrl: 'http://build' },
    });
    expect(res.body.logs.length).toBeGreaterThanOrEqual(1);
    expect(res.body.logs[0]).toMatchObject({ level: 'info', message: expect.any(String) });
    expect(res.body.notices.map((n: { type: string }) => n.type)).toEqual(['success', 'success', 'info']);
    expect(res.body._links['pb:pacticipant'].name).toBe(consumer);
    expect(res.body._links['pb:pacticipant-version'].name).toBe('5556b81');
    expect(res.body._links['pb:pacticipant-version-tags']).toEqual([
      expect.objectContaining({ name: 'dev', href: expect.stringContaining('/tags/dev') }),
    ]);
    expect(res.body._links['pb:contracts']).toEqual([
      expect.objectContaining({
        href: expect.stringMatching(new RegExp(`/pacts/provider/${provider}/consumer/${consumer}/version/5556b81$`)),
      }),
    ]);
  });

  describe('accepts every pact specification and serves the published bytes unchanged', () => {
    test.each(pactFixtureFiles)('%s', async (file) => {
      const { consumer, provider } = names();
      const text = pactFixtureText(file, consumer, provider);
      const res = await broker.request
        .post('/contracts/publish')
        .send(publishBody({ consumer, provider, version: '1.0.0', text, branch: 'main' }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const pact = await broker.request
        .get(`/pacts/provider/${provider}/consumer/${consumer}/version/1.0.0`)
        .buffer(true)
        .parse((r, cb) => {
          let data = '';
          r.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
          r.on('end', () => cb(null, data));
        });
      expect(pact.status).toBe(200);
      const body = pact.body as string;
      expect(body.startsWith(expectedPrefix(text))).toBe(true);
      const parsed = JSON.parse(body) as Record<string, unknown>;
      const { _links, createdAt, ...rest } = parsed;
      expect(rest).toEqual(JSON.parse(text));
      expect(typeof createdAt).toBe('string');
      expect(_links).toHaveProperty('pb:publish-verification-results');
    });
  });

  test('re-publishing identical content, however formatted, is idempotent: one pact version (content SHA rule)', async () => {
    const { consumer, provider } = names();
    const doc = pactDocument(consumer, provider);
    const first = await broker.request
      .post('/contracts/publish')
      .send(publishBody({ consumer, provider, version: '1', text: JSON.stringify(doc) }));
    const again = await broker.request
      .post('/contracts/publish')
      .send(publishBody({ consumer, provider, version: '1', text: JSON.stringify(doc, null, 4) }));
    const later = await broker.request
      .post('/contracts/publish')
      .send(publishBody({ consumer, provider, version: '2', text: JSON.stringify(doc, null, 2) }));
    expect([first.status, again.status, later.status]).toEqual([200, 200, 200]);
    expect(again.body.notices.some((n: { text: string }) => /already published with the same content/.test(n.text))).toBe(true);
    expect(await pactVersionCount(consumer)).toBe(1);
  });

  describe('when different content is published for the same consumer version and provider', () => {
    test('returns 409 with an actionable detail and a diff notice (Pact Broker allow_dangerous_contract_modification=false)', async () => {
      const { consumer, provider } = names();
      await broker.request
        .post('/contracts/publish')
        .send(publishBody({ consumer, provider, version: '1', text: v3(consumer, provider, 'a') }));
      const res = await broker.request
        .post('/contracts/publish')
        .set('Accept', 'application/json')
        .send(publishBody({ consumer, provider, version: '1', text: v3(consumer, provider, 'b') }));
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toBe(
        `Cannot change the content of the pact for ${consumer} version 1 and provider ${provider}, as race conditions will cause unreliable results for can-i-deploy. Publish under a new version, or set TREATY_ALLOW_CONTRACT_OVERWRITE=true on the broker.`,
      );
      expect(res.body.notices[1].text).toContain('+ interaction "a request for the thing (b)" given "the thing exists"');
      expect(res.body.notices[1].text).toContain('- interaction "a request for the thing (a)" given "the thing exists"');
      const pact = await broker.request.get(`/pacts/provider/${provider}/consumer/${consumer}/version/1`);
      expect(pact.body.interactions[0].description).toBe('a request for the thing (a)');
    });

    test('and the broker allows overwrites, replaces the content as a new revision (TREATY_ALLOW_CONTRACT_OVERWRITE)', async () => {
      const lenient = await startTestBroker({ allowContractOverwrite: true });
      try {
        const { consumer, provider } = names();
        await lenient.request
          .post('/contracts/publish')
          .send(publishBody({ consumer, provider, version: '1', text: v3(consumer, provider, 'a') }));
        const res = await lenient.request
          .post('/contracts/publish')
          .send(publishBody({ consumer, provider, version: '1', text: v3(consumer, provider, 'b') }));
        expect(res.status).toBe(200);
        expect(res.body.notices.some((n: { text: string }) => /revision 2/.test(n.text))).toBe(true);
        const pact = await lenient.request.get(`/pacts/provider/${provider}/consumer/${consumer}/version/1`);
        expect(pact.body.interactions[0].description).toBe('a request for the thing (b)');
      } finally {
        await lenient.close();
      }
    });

    test('and onConflict is merge, adds new interactions without an overwrite (pact-broker publish --merge)', async () => {
      const { consumer, provider } = names();
      await broker.request
        .post('/contracts/publish')
        .send(publishBody({ consumer, provider, version: '1', text: v3(consumer, provider, 'a') }));
      const res = await broker.request
        .post('/contracts/publish')
        .send(publishBody({ consumer, provider, version: '1', text: v3(consumer, provider, 'b'), onConflict: 'merge' }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const pact = await broker.request.get(`/pacts/provider/${provider}/consumer/${consumer}/version/1`);
      expect(pact.body.interactions.map((i: { description: string }) => i.description)).toEqual([
        'a request for the thing (a)',
        'a request for the thing (b)',
      ]);
    });

    test('and onConflict is merge but an existing interaction changes, returns 409', async () => {
      const { consumer, provider } = names();
      const doc = pactDocument(consumer, provider, 'a');
      await broker.request.post('/contracts/publish').send(publishBody({ consumer, provider, version: '1', text: JSON.stringify(doc) }));
      const changed = structuredClone(doc);
      (changed.interactions![0] as { response: { status: number } }).response.status = 500;
      const res = await broker.request
        .post('/contracts/publish')
        .send(publishBody({ consumer, provider, version: '1', text: JSON.stringify(changed), onConflict: 'merge' }));
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/^Cannot change existing interactions of the pact/);
      expect(res.body.notices[1].text).toContain('~ $.response.status: 200 -> 500');
    });
  });

  describe('rejects invalid requests with problem+json naming the field', () => {
    const valid = () => {
      const { consumer, provider } = names();
      return { consumer, provider, body: publishBody({ consumer, provider, version: '1', text: v3(consumer, provider) }) };
    };
    type Body = ReturnType<typeof valid>['body'];
    const withContract = (body: Body, patch: Record<string, unknown>) => ({ ...body, contracts: [{ ...body.contracts[0]!, ...patch }] });
    const b64 = (s: string) => Buffer.from(s).toString('base64');

    test.each<[string, (b: Body, n: { consumer: string; provider: string }) => unknown, string, RegExp]>([
      [
        'missing pacticipantVersionNumber',
        (b) => ({ ...b, pacticipantVersionNumber: undefined }),
        'pacticipantVersionNumber',
        /can't be blank/,
      ],
      ['no contracts', (b) => ({ ...b, contracts: [] }), 'contracts', /at least one/],
      ['content that is not base64', (b) => withContract(b, { content: 'not base64!!' }), 'contracts[0].content', /not valid base64/],
      ['content that is not JSON', (b) => withContract(b, { content: b64('{"consumer":') }), 'contracts[0].content', /not valid JSON/],
      ['content that is not a pact', (b) => withContract(b, { content: b64('[1,2,3]') }), 'contracts[0].content', /not a pact/],
      [
        'a pact with no consumer name',
        (b, n) => withContract(b, { content: b64(JSON.stringify({ consumer: {}, provider: { name: n.provider } })) }),
        'contracts[0].content.consumer.name',
        /non-empty string/,
      ],
      [
        'a pact with no provider',
        (b, n) => withContract(b, { content: b64(JSON.stringify({ consumer: { name: n.consumer } })) }),
        'contracts[0].content.provider.name',
        /is missing/,
      ],
      [
        'a consumerName other than pacticipantName',
        (b) => withContract(b, { consumerName: 'someone-else' }),
        'contracts[0].consumerName',
        /must match pacticipantName/,
      ],
      [
        "a providerName other than the pact's",
        (b) => withContract(b, { providerName: 'another-provider' }),
        'contracts[0].content.provider.name',
        /does not match providerName/,
      ],
      [
        'a specification other than pact',
        (b) => withContract(b, { specification: 'openapi' }),
        'contracts[0].specification',
        /must be "pact"/,
      ],
      [
        'a contentType other than JSON',
        (b) => withContract(b, { contentType: 'application/yaml' }),
        'contracts[0].contentType',
        /application\/json/,
      ],
    ])('%s', async (_name, mutate, field, message) => {
      const { consumer, provider, body } = valid();
      const res = await broker.request
        .post('/contracts/publish')
        .set('Accept', 'application/json')
        .send(mutate(body, { consumer, provider }) as object);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldMessages(res.body, field).join(' | '), JSON.stringify(res.body)).toMatch(message);
      expect(res.body.detail).toContain(field);
      expect(await countRows(`FROM pacticipants WHERE name = $1`, consumer)).toBe(0);
    });

    test('malformed JSON body', async () => {
      const res = await broker.request.post('/contracts/publish').set('Content-Type', 'application/json').send('{"pacticipantName":');
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('https://treaty.dev/problems/malformed-json');
    });

    test('a body larger than TREATY_MAX_BODY_BYTES is 413', async () => {
      const small = await startTestBroker({ maxBodyBytes: 2048 });
      try {
        const { consumer, provider } = names();
        const doc = { ...pactDocument(consumer, provider), padding: 'x'.repeat(4096) };
        const res = await small.request
          .post('/contracts/publish')
          .send(publishBody({ consumer, provider, version: '1', text: JSON.stringify(doc) }));
        expect(res.status).toBe(413);
        expect(res.body.detail).toMatch(/TREATY_MAX_BODY_BYTES/);
      } finally {
        await small.close();
      }
    });
  });

  describe('a failed publish leaves nothing behind', () => {
    test('when the second contract is invalid, nothing of the first is stored', async () => {
      const { consumer, provider } = names();
      const other = uniqueName('ledger');
      const body = {
        ...publishBody({ consumer, provider, version: '1', text: v3(consumer, provider), branch: 'main', tags: ['dev'] }),
      };
      body.contracts.push({ ...contract(consumer, other, v3(consumer, other)), content: 'bm90IGEgcGFjdA==' });
      const res = await broker.request.post('/contracts/publish').send(body);
      expect(res.status).toBe(400);
      expect(await countRows(`FROM pacticipants WHERE name = ANY($1::text[])`, [consumer, provider, other])).toBe(0);
    });

    test('when the second contract conflicts inside the transaction, the first contract, version, branch and tag are rolled back', async () => {
      const { consumer, provider } = names();
      const other = uniqueName('ledger');
      await broker.request
        .post('/contracts/publish')
        .send(publishBody({ consumer, provider: other, version: '1', text: v3(consumer, other, 'a') }));
      const res = await broker.request.post('/contracts/publish').send({
        pacticipantName: consumer,
        pacticipantVersionNumber: '1',
        branch: 'feat-x',
        tags: ['rc'],
        contracts: [contract(consumer, provider, v3(consumer, provider)), contract(consumer, other, v3(consumer, other, 'b'))],
      });
      expect(res.status).toBe(409);
      expect(await countRows(`FROM pacticipants WHERE name = $1`, provider)).toBe(0);
      expect(await countRows(`FROM tags t JOIN pacticipants c ON c.id = t.pacticipant_id WHERE c.name = $1`, consumer)).toBe(0);
      expect(await countRows(`FROM branches b JOIN pacticipants c ON c.id = b.pacticipant_id WHERE c.name = $1`, consumer)).toBe(0);
      expect(await pactVersionCount(consumer)).toBe(1);
    });
  });

  test('20 concurrent identical publishes give one pact version and no 5xx', async () => {
    const { consumer, provider } = names();
    const body = publishBody({ consumer, provider, version: '1', text: v3(consumer, provider), branch: 'main', tags: ['dev'] });
    const responses = await Promise.all(Array.from({ length: 20 }, () => broker.request.post('/contracts/publish').send(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await pactVersionCount(consumer)).toBe(1);
    expect(await countRows(`FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id WHERE c.name = $1`, consumer)).toBe(1);
    expect(await countRows(`FROM versions v JOIN pacticipants c ON c.id = v.pacticipant_id WHERE c.name = $1`, consumer)).toBe(1);
  });
});
