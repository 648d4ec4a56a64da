// treaty export / treaty import (issue #6: "an export/import of all contracts as JSON so a Pact Broker
// user can migrate their history in"): export Treaty A by crawling its Pact Broker HAL API, import into
// a fresh Treaty B, and B answers the matrix and can-i-deploy exactly as A does. Both brokers have a
// database of their own: export reads everything, and a migration target starts empty. Webhooks and
// labels move too (a Pact Broker user's provider builds hang off webhooks); brokers never show webhook
// secrets, so a webhook whose Authorization header came across as asterisks arrives disabled and reported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TreatyExport } from '@treaty/wire';
import { seed, type Environment } from '../../broker/test/support/seed.ts';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { exportedWebhook, publishedPactText } from '../src/broker-export.ts';
import { ExitCode } from '../src/errors.ts';
import { treaty } from './support/treaty-cli.ts';
import { sql } from '../../broker/src/store/sql.ts';

let a: TestBroker;
let b: TestBroker;
let urlA: string;
let urlB: string;
const dir = mkdtempSync(join(tmpdir(), 'treaty-export-'));

beforeAll(async () => {
  [a, b] = await Promise.all([startTestBroker({}, {}, { isolatedDatabase: true }), startTestBroker({}, {}, { isolatedDatabase: true })]);
  [urlA, urlB] = await Promise.all([a.listen(), b.listen()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

// A pact with formatting the canonical form would lose: the import must keep these bytes.
const oddlyFormattedPact = (consumer: string, provider: string) =>
  `{\n    "provider": {"name": "${provider}"},   "consumer": { "name": "${consumer}" },\n  "interactions": [ { "description": "get \\u00e9t\\u00e9", "request": {"method":"GET","path":"/summer"}, "response": {"status": 200} } ],\n  "metadata": {"pactSpecification": {"version": "2.0.0"}}\n}`;

async function seedHistory(broker: TestBroker) {
  const kit = seed(broker.request);
  const consumer = kit.pacticipant('order');
  const provider = kit.pacticipant('payment');
  const prod = await kit.environment('production', true);
  const test = await kit.environment('test');
  const v1 = await consumer.publishPact({
    version: '1',
    provider,
    branch: 'main',
    tags: ['prod'],
    text: oddlyFormattedPact(consumer.name, provider.name),
  });
  const v2 = await consumer.publishPact({ version: '2', provider, branch: 'main', variant: 'two' });
  const v3 = await consumer.publishPact({ version: '3', provider, branch: 'feat/x', variant: 'three' });
  await consumer.publishPact({ version: '4', provider, branch: 'main', variant: 'two' }); // same content as 2
  await provider.verify(v1, { version: 'p1', success: true, branch: 'main' });
  const withBuild = await broker.request
    .post(`/pacts/provider/${provider.name}/consumer/${consumer.name}/pact-version/${v2.sha}/verification-results`)
    .send({ success: false, providerApplicationVersion: 'p1', buildUrl: 'https://ci.example.com/builds/7' });
  expect(withBuild.status).toBe(201);
  await provider.verify(v2, { version: 'p2', success: true, branch: 'main' });
  await provider.verify(v3, { version: 'p2', success: false });
  await provider.createVersion('p3', { branch: 'main', tags: ['rc'] });
  await consumer.deploy('1', prod);
  await provider.deploy('p1', prod);
  await provider.deploy('p2', test, 'blue');
  await consumer.release('2', test);
  return { consumer: consumer.name, provider: provider.name, prod, test, v1 };
}

/** What users read: can-i-deploy answers and matrix rows, reduced to the deciding fields (URLs differ between brokers). */
async function answers(broker: TestBroker, names: { consumer: string; provider: string; prod: Environment; test: Environment }) {
  const canIDeploy = async (pacticipant: string, version: string, environment: string) => {
    const res = await broker.request.get('/can-i-deploy').query({ pacticipant, version, environment });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return {
      deployable: res.body.summary.deployable,
      reason: res.body.summary.reason,
      counts: [res.body.summary.success, res.body.summary.failed, res.body.summary.unknown],
    };
  };
  const matrix = await broker.request.get(`/matrix?q[][pacticipant]=${names.consumer}&q[][pacticipant]=${names.provider}&limit=1000`);
  expect(matrix.status).toBe(200);
  type Row = {
    consumer: { version: { number: string } };
    provider: { version?: { number: string } | null };
    pact: { createdAt: string };
    verificationResult?: { success: boolean; verifiedAt: string } | null;
  };
  return {
    canIDeploy: await Promise.all([
      canIDeploy(names.consumer, '1', names.prod.name),
      canIDeploy(names.consumer, '2', names.prod.name),
      canIDeploy(names.consumer, '3', names.prod.name),
      canIDeploy(names.consumer, '4', names.test.name),
      canIDeploy(names.provider, 'p2', names.prod.name),
      canIDeploy(names.provider, 'p3', names.test.name),
      canIDeploy(names.consumer, '3', names.test.name),
    ]),
    matrix: (matrix.body.matrix as Row[]).map((r) => [
      r.consumer.version.number,
      r.provider.version?.number ?? null,
      r.verificationResult?.success ?? null,
      r.verificationResult?.verifiedAt ?? null,
    ]),
  };
}

async function tableCounts(broker: TestBroker) {
  const row = await broker.db
    .maybeOne(sql`SELECT (SELECT count(*)::int FROM pacticipants) AS pacticipants, (SELECT count(*)::int FROM versions) AS versions, (SELECT count(*)::int FROM tags) AS tags,
            (SELECT count(*)::int FROM branch_versions) AS "branchVersions", (SELECT count(*)::int FROM pact_versions) AS "pactVersions",
            (SELECT count(*)::int FROM pact_publications) AS publications, (SELECT count(*)::int FROM verifications) AS verifications,
            (SELECT count(*)::int FROM environments) AS environments, (SELECT count(*)::int FROM deployed_versions) AS deployments,
            (SELECT count(*)::int FROM released_versions) AS releases, (SELECT count(*)::int FROM pacticipant_labels) AS labels,
            (SELECT count(*)::int FROM webhooks) AS webhooks, (SELECT count(*)::int FROM webhooks WHERE enabled) AS "enabledWebhooks",
            (SELECT max(updated_at) FROM webhooks) AS "webhooksUpdatedAt"`);
  return row;
}

const plainWebhookUuid = 'aaaaaaaa-0000-4000-8000-000000000001';
const secretWebhookUuid = 'aaaaaaaa-0000-4000-8000-000000000002';

/** A label on the provider and two webhooks, created after the history so nothing fires. */
async function seedWebhooks(broker: TestBroker, names: { consumer: string; provider: string }) {
  expect((await broker.request.put(`/pacticipants/${encodeURIComponent(names.provider)}/labels/team-payments`)).status).toBe(201);
  const plain = await broker.request.put(`/webhooks/${plainWebhookUuid}`).send({
    description: 'Verify the changed pact',
    consumer: { name: names.consumer },
    provider: { name: names.provider },
    events: [{ name: 'contract_requiring_verification_published' }],
    request: {
      method: 'POST',
      url: 'https://ci.example.com/builds?pact=${pactbroker.pactUrl}',
      headers: { 'Content-Type': 'application/json' },
      body: { pact: '${pactbroker.pactUrl}' },
    },
  });
  const secret = await broker.request.put(`/webhooks/${secretWebhookUuid}`).send({
    provider: { label: 'team-payments' },
    events: [{ name: 'provider_verification_failed' }],
    request: { method: 'POST', url: 'https://chat.example.com/hooks', headers: { Authorization: 'Bearer not-a-real-token' } },
  });
  expect([plain.status, secret.status]).toEqual([201, 201]);
}

/** A webhook as GET /webhooks/{uuid} shows it, without the broker's own links and times. */
async function webhookOf(broker: TestBroker, uuid: string) {
  const res = await broker.request.get(`/webhooks/${uuid}`);
  expect(res.status).toBe(200);
  const { uuid: id, description, consumer, provider, events, request, enabled } = res.body as Record<string, unknown>;
  return { uuid: id, description, consumer, provider, events, request, enabled };
}

describe('treaty export / treaty import', { timeout: 180_000 }, () => {
  it('moves the whole history from Treaty A to a fresh Treaty B: same matrix, same can-i-deploy answers, same pact bytes; a second import changes nothing', async () => {
    const names = await seedHistory(a);
    await seedWebhooks(a, names);
    const file = join(dir, 'history.json');
    const exported = await treaty(['export', '--output', file, '--broker-base-url', urlA]);
    expect(exported.stderr).toMatch(
      /Exported 2 pacticipants, 7 versions, 4 pacts, 4 verification results, 3 deployments, 1 releases, 1 labels and 2 webhooks to /,
    );
    expect(exported.stderr).toContain(`1 of 2 webhooks have secrets the broker did not show (${secretWebhookUuid})`);
    expect(exported.code).toBe(ExitCode.Success);
    const document = JSON.parse(readFileSync(file, 'utf8')) as TreatyExport;
    expect(document.format).toBe('treaty-export/1');
    expect(document.pacticipants.find((p) => p.name === names.consumer)!.versions.map((v) => [v.number, v.branches, v.tags])).toEqual([
      ['1', ['main'], ['prod']],
      ['2', ['main'], []],
      ['3', ['feat/x'], []],
      ['4', ['main'], []],
    ]);
    expect(document.pacticipants.map((p) => p.labels)).toEqual(expect.arrayContaining([[], ['team-payments']]));
    // The mask A showed is kept as shown (never a guessed secret), and marked.
    expect(document.webhooks!.map((w) => [w.uuid, w.secretsRedacted ?? false, w.redactedFields ?? []])).toEqual([
      [plainWebhookUuid, false, []],
      [secretWebhookUuid, true, ['request.headers.Authorization']],
    ]);
    expect(document.webhooks![1]!.request.headers).toEqual({ Authorization: '**********' });

    const imported = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(imported.code).toBe(ExitCode.Success);
    expect(imported.stdout).toMatch(
      /created 2 pacticipants, 7 versions, 4 pacts, 4 verification results, 2 environments, 3 deployments, 1 releases, 1 labels, 2 webhooks;/,
    );
    expect(imported.stderr).toBe(
      '1 webhook was imported disabled: their secrets were redacted by the source broker; set them with PUT /webhooks/{uuid} and enable them:\n' +
        `  ${secretWebhookUuid}  POST chat.example.com  (request.headers.Authorization)\n`,
    );

    // Labels, and both webhooks under their uuids with the same scope, events and request; the one with a redacted secret disabled.
    expect((await b.request.get(`/pacticipants/${names.provider}`)).body._embedded.labels.map((l: { name: string }) => l.name)).toEqual([
      'team-payments',
    ]);
    expect(await webhookOf(b, plainWebhookUuid)).toEqual(await webhookOf(a, plainWebhookUuid));
    expect(await webhookOf(b, secretWebhookUuid)).toEqual({ ...(await webhookOf(a, secretWebhookUuid)), enabled: false });
    expect(await webhookOf(b, plainWebhookUuid)).toMatchObject({
      consumer: { name: names.consumer },
      provider: { name: names.provider },
      enabled: true,
    });
    expect(await webhookOf(b, secretWebhookUuid)).toMatchObject({
      provider: { label: 'team-payments' },
      events: [{ name: 'provider_verification_failed' }],
    });
    const stored = await b.db.maybeOne<{ authorization: string }>(
      sql`SELECT request->'headers'->>'Authorization' AS authorization FROM webhooks WHERE uuid = ${secretWebhookUuid}`,
    );
    expect(stored!.authorization).toBe('**********');

    // Same answers, same matrix rows (versions, results, verification times), in the same order.
    const [fromA, fromB] = await Promise.all([answers(a, names), answers(b, names)]);
    expect(fromB).toEqual(fromA);
    expect(fromA.canIDeploy[0]!.deployable).toBe(true);
    expect(fromA.canIDeploy[4]!.deployable).toBeNull();
    expect(fromA.canIDeploy[6]!.deployable).toBe(false);

    // Pact bytes: what the consumer published, served identically by both.
    const pactPath = `/pacts/provider/${names.provider}/consumer/${names.consumer}/version/1`;
    const [pactA, pactB] = await Promise.all([a.request.get(pactPath).buffer(true), b.request.get(pactPath).buffer(true)]);
    expect(publishedPactText(pactB.text)).toBe(publishedPactText(pactA.text));
    // Every byte the consumer published, except whitespace before the final brace: brokers serve the pact with
    // their own keys spliced in there, so no broker API carries it (Treaty serves it the same way either way).
    expect(publishedPactText(pactB.text)).toBe(oddlyFormattedPact(names.consumer, names.provider).replace(/\s*\}$/, '}'));

    // Versions in the same order with their branches and tags; verification details kept.
    const versions = async (broker: TestBroker, p: string) =>
      (
        (await broker.request.get(`/pacticipants/${p}/versions`)).body._embedded.versions as Array<{
          number: string;
          _embedded: { branchVersions: Array<{ name: string }>; tags: Array<{ name: string }> };
        }>
      ).map((v) => [v.number, v._embedded.branchVersions.map((x) => x.name), v._embedded.tags.map((t) => t.name)]);
    expect(await versions(b, names.provider)).toEqual(await versions(a, names.provider));
    expect(await versions(b, names.consumer)).toEqual(await versions(a, names.consumer));
    const verification = async (broker: TestBroker) => {
      const sha = (await broker.request.get(`/pacts/provider/${names.provider}/consumer/${names.consumer}/version/2`)).body._links[
        'pb:pact-version'
      ].name as string;
      const body = (
        await broker.request.get(`/pacts/provider/${names.provider}/consumer/${names.consumer}/pact-version/${sha}/verification-results/1`)
      ).body;
      return {
        success: body.success,
        providerApplicationVersion: body.providerApplicationVersion,
        buildUrl: body.buildUrl,
        verificationDate: body.verificationDate,
      };
    };
    expect(await verification(b)).toEqual({ ...(await verification(a)), buildUrl: 'https://ci.example.com/builds/7', success: false });

    // Importing the same file again changes nothing.
    const before = await tableCounts(b);
    const again = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(again.code).toBe(ExitCode.Success);
    expect(again.stdout).toMatch(
      /created 0 pacticipants, 0 versions, 0 pacts, 0 verification results, 0 environments, 0 deployments, 0 releases, 0 labels, 0 webhooks; already present: 4 pacts, 4 verification results, 3 deployments, 1 releases, 2 webhooks\./,
    );
    expect(again.stderr).toBe('');
    expect(await tableCounts(b)).toEqual(before);
    expect(await answers(b, names)).toEqual(fromA);

    // After the user sets the secret and someone edits the other webhook on B, importing again restores the
    // edited one from the file but keeps the secret: a redacted copy never replaces a webhook already there.
    const edited = await b.request
      .put(`/webhooks/${plainWebhookUuid}`)
      .send({ events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://elsewhere.example.com' } });
    const fixed = await b.request.put(`/webhooks/${secretWebhookUuid}`).send({
      provider: { label: 'team-payments' },
      events: [{ name: 'provider_verification_failed' }],
      request: { method: 'POST', url: 'https://chat.example.com/hooks', headers: { Authorization: 'Bearer set-again' } },
    });
    expect([edited.status, fixed.status]).toEqual([200, 200]);
    const third = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(third.stdout).toMatch(/0 webhooks \(1 webhooks replaced\); already present: .* 1 webhooks\./);
    expect(await webhookOf(b, plainWebhookUuid)).toEqual(await webhookOf(a, plainWebhookUuid));
    const kept = await b.db.maybeOne<{ authorization: string; enabled: boolean }>(
      sql`SELECT request->'headers'->>'Authorization' AS authorization, enabled FROM webhooks WHERE uuid = ${secretWebhookUuid}`,
    );
    expect(kept).toEqual({ authorization: 'Bearer set-again', enabled: true });
  });

  it('refuses a file that is not a treaty export before sending anything (exit 2)', async () => {
    const file = join(dir, 'not-an-export.json');
    writeFileSync(file, JSON.stringify({ format: 'pact-broker-dump/9', pacticipants: [] }));
    const result = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toMatch(
      /not-an-export\.json is not a treaty export: its "format" is "pact-broker-dump\/9", expected "treaty-export\/1"/,
    );
    writeFileSync(file, '{"format": "treaty-export/1", ');
    const broken = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(broken.code).toBe(ExitCode.BadInput);
    expect(broken.stderr).toMatch(/is not JSON/);
  });

  it('refuses a malformed export as a whole, with a problem naming the field, and writes nothing', async () => {
    const before = await tableCounts(b);
    const bad: TreatyExport = {
      format: 'treaty-export/1',
      exportedAt: new Date().toISOString(),
      environments: [],
      deployments: [],
      releases: [],
      pacticipants: [
        { name: 'newcomer', versions: [{ number: '1', createdAt: '2026-01-01T00:00:00Z', branches: ['main'], tags: [] }] },
        { name: 'api', versions: [] },
      ],
      pacts: [
        {
          consumer: 'newcomer',
          provider: 'api',
          consumerVersion: '1',
          createdAt: '2026-01-01T00:00:00Z',
          content: '{"consumer": {"name": "newcomer"}, "provider": {"name": "api"}, "interactions": []}',
        },
      ],
      // Verifies with a provider version the file does not have: refused after the pacticipants and versions above were written in the transaction.
      verifications: [
        {
          consumer: 'newcomer',
          provider: 'api',
          consumerVersion: '1',
          providerVersion: '404',
          success: true,
          verifiedAt: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const res = await b.request.post('/admin/import').set('Accept', 'application/problem+json').send(bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toBe(
      'verifications.0.providerVersion: names version "404" of "api", which is not in that pacticipant\'s versions',
    );
    expect(await tableCounts(b)).toEqual(before);

    // A webhook scoped to a pacticipant the file does not bring.
    const ghost = {
      ...bad,
      verifications: [],
      webhooks: [
        {
          uuid: 'bbbbbbbb-0000-4000-8000-000000000001',
          provider: { name: 'ghost' },
          events: ['contract_content_changed'],
          request: { method: 'POST', url: 'https://ci.example.com/x' },
          enabled: true,
        },
      ],
    } satisfies TreatyExport;
    const unknown = await b.request.post('/admin/import').set('Accept', 'application/problem+json').send(ghost);
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body.detail).toBe(
      'webhooks.0.provider.name: names "ghost", which is not in pacticipants (webhook bbbbbbbb-0000-4000-8000-000000000001)',
    );
    expect(await tableCounts(b)).toEqual(before);

    const typed = await b.request
      .post('/admin/import')
      .set('Accept', 'application/problem+json')
      .send({ ...bad, pacts: [{ consumer: 'newcomer' }] });
    expect(typed.status).toBe(400);
    expect(typed.body.detail).toMatch(/pacts\.0\.provider: is required/);
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const cli = await treaty(['import', file, '--broker-base-url', urlB]);
    expect(cli.code).toBe(ExitCode.BrokerError);
    expect(cli.stderr).toMatch(/verifications\.0\.providerVersion: names version "404" of "api"/);
    expect(await tableCounts(b)).toEqual(before);
  });
});

describe('exportedWebhook (a Pact Broker webhook resource)', () => {
  // The Pact Broker shows the username, the password as asterisks, and secret header values as "**********" (WebhookRequestTemplateDecorator).
  it('marks a masked password and header as redacted, keeps the masks as shown, and keeps the label scope', () => {
    const body = {
      description: 'trigger build',
      consumer: { label: 'mobile' },
      events: [{ name: 'contract_content_changed' }],
      enabled: true,
      createdAt: '2021-09-01T00:07:21+00:00',
      request: {
        method: 'POST',
        url: 'https://ci.example.org/build',
        headers: { 'X-Api-Token': '**********', Accept: 'application/json' },
        username: 'ci',
        password: '**********',
      },
    };
    expect(exportedWebhook('d2181b32-8b03-4daf-8cc0-d9168b2f6fac', body)).toEqual({
      uuid: 'd2181b32-8b03-4daf-8cc0-d9168b2f6fac',
      description: 'trigger build',
      consumer: { label: 'mobile' },
      provider: null,
      events: ['contract_content_changed'],
      enabled: true,
      createdAt: '2021-09-01T00:07:21+00:00',
      request: {
        method: 'POST',
        url: 'https://ci.example.org/build',
        headers: { 'X-Api-Token': '**********', Accept: 'application/json' },
        username: 'ci',
        password: '**********',
      },
      secretsRedacted: true,
      redactedFields: ['request.headers.X-Api-Token', 'request.password'],
    });
  });
});
