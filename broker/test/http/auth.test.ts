// Authentication and scopes (design.md "Auth"; Pact Broker basic auth and allow_public_read, PB
// docs/configuration.yml; badges skip auth as in PB lib/pact_broker/api/resources/badge.rb).
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const RW = { username: 'pact-rw', password: 'rw-secret' };
const RO = { username: 'pact-ro', password: 'ro-secret' };

let broker: TestBroker;
let admin: supertest.Agent;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const basic = (u: { username: string; password: string }) => ({
  Authorization: `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`,
});

async function createToken(body: { name?: string; scopes: string[]; pacticipants?: string[] }): Promise<{ id: number; token: string }> {
  const res = await admin.post('/tokens').send({ name: uniqueName('token'), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as number, token: res.body.token as string };
}

function publishBody(consumer: string, provider: string, version: string) {
  const pact = {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  };
}

beforeAll(async () => {
  broker = await startTestBroker(
    {},
    {
      TREATY_ADMIN_TOKEN: ADMIN_TOKEN,
      PACT_BROKER_BASIC_AUTH_USERNAME: RW.username,
      PACT_BROKER_BASIC_AUTH_PASSWORD: RW.password,
      PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: RO.username,
      PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: RO.password,
    },
  );
  admin = supertest.agent(broker.app).set(bearer(ADMIN_TOKEN));
});

afterAll(async () => {
  await broker?.close();
});

describe('when auth is on and reads are private', () => {
  it('answers 401 problem+json with a WWW-Authenticate challenge when no credentials are sent', async () => {
    const res = await broker.request.get('/pacticipants').set('Accept', 'application/problem+json');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toContain('Bearer realm="Treaty"');
    expect(res.headers['www-authenticate']).toContain('Basic realm="Treaty"');
    expect(res.body.title).toBe('Unauthorized');
    expect(res.body.detail).toMatch(/Authorization: Bearer/);
  });

  it('does not tell an unauthenticated caller whether a resource exists (401 before routing and 404)', async () => {
    const existing = seed(admin).pacticipant('leak');
    await existing.createVersion('1');
    const found = await broker.request.get(`/pacticipants/${existing.name}`);
    const missing = await broker.request.get(`/pacticipants/${uniqueName('missing')}`);
    const noRoute = await broker.request.get('/no/such/route');
    const write = await broker.request.delete(`/pacticipants/${existing.name}`);
    for (const res of [found, missing, noRoute, write]) {
      expect(res.status).toBe(401);
      expect({ ...res.body, instance: undefined }).toEqual({ ...found.body, instance: undefined });
    }
  });

  it('rejects an unknown bearer token with 401 and error="invalid_token"', async () => {
    const res = await broker.request.get('/').set(bearer('tty_doesnotexist'));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('rejects a malformed Authorization header with 401', async () => {
    const res = await broker.request.get('/').set('Authorization', 'Digest abc');
    expect(res.status).toBe(401);
  });

  it('keeps liveness and readiness probes public', async () => {
    expect((await broker.request.get('/health')).status).toBe(200);
    expect((await broker.request.get('/health/ready')).status).toBe(200);
  });

  it('keeps badges public so they can be embedded in READMEs (Pact Broker badge.rb skips auth)', async () => {
    const res = await broker.request.get(`/pacts/provider/${uniqueName('p')}/consumer/${uniqueName('c')}/latest/badge`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
  });

  it('serves the web UI shell without credentials (it signs in itself) but not its data', async () => {
    const shell = await broker.request.get('/ui/matrix').set('Accept', 'text/html');
    expect(shell.status).toBe(200);
    expect(shell.headers['content-type']).toContain('text/html');
    const data = await broker.request.post('/graphql').send({ query: '{ pacticipants { name } }' });
    expect(data.status).toBe(401);
    expect((await broker.request.post('/graphql').set(basic(RO)).send({ query: '{ pacticipants { name } }' })).status).toBe(200);
  });

  it('requires credentials for the heartbeat unless PACT_BROKER_PUBLIC_HEARTBEAT is set', async () => {
    expect((await broker.request.get('/diagnostic/status/heartbeat')).status).toBe(401);
    expect((await broker.request.get('/diagnostic/status/heartbeat').set(basic(RO))).status).toBe(200);
  });
});

describe('tokens', () => {
  it('shows the secret once on creation, and never in the list', async () => {
    const res = await admin.post('/tokens').send({ name: uniqueName('ci'), scopes: ['write'] });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.token).toMatch(/^tty_[0-9A-Za-z]{40}$/);
    expect(res.body.prefix).toBe(String(res.body.token).slice(0, 10));
    const list = await admin.get('/tokens');
    expect(list.status).toBe(200);
    const listed = (list.body.tokens as Array<Record<string, unknown>>).find((t) => t.id === res.body.id);
    expect(listed).toMatchObject({
      name: res.body.name,
      scopes: ['write'],
      prefix: res.body.prefix,
      revokedAt: null,
      createdBy: 'admin-token',
    });
    expect(JSON.stringify(list.body)).not.toContain(res.body.token as string);
    expect(listed).not.toHaveProperty('tokenHash');
  });

  it('validates the request: scopes must be read, write or admin', async () => {
    const res = await admin.post('/tokens').send({ name: 'x', scopes: ['root'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveProperty(['scopes.0']);
  });

  it('refuses to limit an admin token to pacticipants', async () => {
    const res = await admin.post('/tokens').send({ name: 'x', scopes: ['admin'], pacticipants: ['a'] });
    expect(res.status).toBe(400);
  });

  it('records when a token was last used', async () => {
    const { id, token } = await createToken({ scopes: ['read'] });
    expect((await broker.request.get('/').set(bearer(token))).status).toBe(200);
    await expect
      .poll(
        async () =>
          ((await admin.get('/tokens')).body.tokens as Array<{ id: number; lastUsedAt: string | null }>).find((t) => t.id === id)
            ?.lastUsedAt,
      )
      .not.toBeNull();
  });

  it('stops accepting a revoked token at once (401)', async () => {
    const { id, token } = await createToken({ scopes: ['read'] });
    expect((await broker.request.get('/').set(bearer(token))).status).toBe(200);
    expect((await admin.delete(`/tokens/${id}`)).status).toBe(204);
    const res = await broker.request.get('/').set(bearer(token));
    expect(res.status).toBe(401);
    const listed = ((await admin.get('/tokens')).body.tokens as Array<{ id: number; revokedAt: string | null }>).find((t) => t.id === id);
    expect(listed?.revokedAt).not.toBeNull();
  });

  it('answers 404 when revoking a token that does not exist', async () => {
    expect((await admin.delete('/tokens/987654321')).status).toBe(404);
  });

  it('needs the admin scope to manage tokens', async () => {
    const { token } = await createToken({ scopes: ['write'] });
    expect((await broker.request.get('/tokens').set(bearer(token))).status).toBe(403);
    expect(
      (
        await broker.request
          .post('/tokens')
          .set(bearer(token))
          .send({ name: 'x', scopes: ['admin'] })
      ).status,
    ).toBe(403);
  });
});

describe('scope boundaries', () => {
  it('a read token can GET but not publish (403)', async () => {
    const { token } = await createToken({ scopes: ['read'] });
    expect((await broker.request.get('/pacticipants').set(bearer(token))).status).toBe(200);
    const res = await broker.request
      .post('/contracts/publish')
      .set(bearer(token))
      .send(publishBody(uniqueName('c'), uniqueName('p'), '1'));
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/needs the write scope/);
  });

  it('a read token can fetch pacts for verification (a POST that reads)', async () => {
    const { token } = await createToken({ scopes: ['read'] });
    const res = await broker.request
      .post(`/pacts/provider/${uniqueName('p')}/for-verification`)
      .set(bearer(token))
      .send({});
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
  });

  it('a write token can publish and verify but not create environments', async () => {
    const { token } = await createToken({ scopes: ['write'] });
    const consumer = uniqueName('c');
    const provider = uniqueName('p');
    expect(
      (
        await broker.request
          .post('/contracts/publish')
          .set(bearer(token))
          .send(publishBody(consumer, provider, '1'))
      ).status,
    ).toBe(200);
    expect(
      (await broker.request.put(`/pacticipants/${consumer}/branches/main/versions/1`).set(bearer(token)).send({})).status,
    ).toBeLessThan(300);
    const env = await broker.request
      .post('/environments')
      .set(bearer(token))
      .send({ name: uniqueName('env'), production: false });
    expect(env.status).toBe(403);
    expect(env.body.detail).toMatch(/needs the admin scope/);
  });

  it('a write token cannot delete (deletions are admin)', async () => {
    const { token } = await createToken({ scopes: ['write'] });
    const c = seed(admin).pacticipant('del');
    await c.createVersion('1');
    expect((await broker.request.delete(`/pacticipants/${c.name}/versions/1`).set(bearer(token))).status).toBe(403);
    expect((await admin.delete(`/pacticipants/${c.name}/versions/1`)).status).toBe(204);
  });

  it('an admin token can create environments and webhooks', async () => {
    const { token } = await createToken({ scopes: ['admin'] });
    const env = await broker.request
      .post('/environments')
      .set(bearer(token))
      .send({ name: uniqueName('env'), production: false });
    expect(env.status).toBe(201);
  });

  describe('when a write token is limited to some pacticipants', () => {
    it('publishes only for its pacticipants', async () => {
      const own = uniqueName('own');
      const other = uniqueName('other');
      const provider = uniqueName('p');
      const { token } = await createToken({ scopes: ['write'], pacticipants: [own.toUpperCase()] });
      expect(
        (
          await broker.request
            .post('/contracts/publish')
            .set(bearer(token))
            .send(publishBody(own, provider, '1'))
        ).status,
      ).toBe(200);
      const refused = await broker.request
        .post('/contracts/publish')
        .set(bearer(token))
        .send(publishBody(other, provider, '1'));
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain(`the pacticipant '${other}'`);
      expect((await broker.request.put(`/pacticipants/${other}/versions/1`).set(bearer(token)).send({})).status).toBe(403);
      expect((await broker.request.put(`/pacticipants/${own}/versions/2`).set(bearer(token)).send({})).status).toBeLessThan(300);
    });

    it('publishes verification results only as its own provider', async () => {
      const consumer = seed(admin).pacticipant('c');
      const provider = uniqueName('p');
      const pact = await consumer.publishPact({ version: '1', provider });
      const url = `/pacts/provider/${provider}/consumer/${consumer.name}/pact-version/${pact.sha}/verification-results`;
      const mine = await createToken({ scopes: ['write'], pacticipants: [provider] });
      const theirs = await createToken({ scopes: ['write'], pacticipants: [consumer.name] });
      expect(
        (await broker.request.post(url).set(bearer(theirs.token)).send({ success: true, providerApplicationVersion: '1' })).status,
      ).toBe(403);
      expect((await broker.request.post(url).set(bearer(mine.token)).send({ success: true, providerApplicationVersion: '1' })).status).toBe(
        201,
      );
    });

    it('records deployments only for its pacticipants, also when undeploying by uuid', async () => {
      const kit = seed(admin);
      const svc = kit.pacticipant('svc');
      await svc.createVersion('1');
      const env = await kit.environment('env');
      const { uuid } = await svc.deploy('1', env);
      const other = await createToken({ scopes: ['write'], pacticipants: [uniqueName('nope')] });
      const own = await createToken({ scopes: ['write'], pacticipants: [svc.name] });
      expect(
        (await broker.request.patch(`/deployed-versions/${uuid}`).set(bearer(other.token)).send({ currentlyDeployed: false })).status,
      ).toBe(403);
      expect(
        (await broker.request.patch(`/deployed-versions/${uuid}`).set(bearer(own.token)).send({ currentlyDeployed: false })).status,
      ).toBe(200);
    });
  });
});

describe('basic auth users, as the Pact Broker (basic_auth_username / basic_auth_read_only_username)', () => {
  it('the read-only user can read but not write', async () => {
    expect((await broker.request.get('/pacticipants').set(basic(RO))).status).toBe(200);
    expect(
      (
        await broker.request
          .post('/contracts/publish')
          .set(basic(RO))
          .send(publishBody(uniqueName('c'), uniqueName('p'), '1'))
      ).status,
    ).toBe(403);
  });

  it('the read-write user can do everything the Pact Broker allows it: publish, environments, deletions, webhooks', async () => {
    const consumer = uniqueName('c');
    expect(
      (
        await broker.request
          .post('/contracts/publish')
          .set(basic(RW))
          .send(publishBody(consumer, uniqueName('p'), '1'))
      ).status,
    ).toBe(200);
    const env = await broker.request
      .post('/environments')
      .set(basic(RW))
      .send({ name: uniqueName('env'), production: false });
    expect(env.status).toBe(201);
    expect((await broker.request.delete(`/environments/${env.body.uuid}`).set(basic(RW))).status).toBe(204);
    expect((await broker.request.get('/webhooks').set(basic(RW))).status).toBe(200);
  });

  it('a wrong password gets 401 with a Basic challenge', async () => {
    const res = await broker.request.get('/').set(basic({ username: RW.username, password: 'wrong' }));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Basic realm="Treaty"');
  });
});

describe('when public read is allowed (PACT_BROKER_ALLOW_PUBLIC_READ)', () => {
  let open: TestBroker;
  beforeAll(async () => {
    open = await startTestBroker({}, { TREATY_AUTH: 'on', PACT_BROKER_ALLOW_PUBLIC_READ: 'true' });
  });
  afterAll(async () => {
    await open?.close();
  });

  it('serves GETs without credentials', async () => {
    expect((await open.request.get('/pacticipants')).status).toBe(200);
  });

  it('treats a bare "Authorization: Bearer" (pact-broker CLI with PACT_BROKER_TOKEN="") as no credentials', async () => {
    expect((await open.request.get('/pacticipants').set('Authorization', 'Bearer')).status).toBe(200);
  });

  it('still asks for credentials to write (401), and keeps admin resources private', async () => {
    expect((await open.request.post('/contracts/publish').send(publishBody(uniqueName('c'), uniqueName('p'), '1'))).status).toBe(401);
    expect((await open.request.get('/tokens')).status).toBe(401);
    expect((await open.request.get('/audit-events')).status).toBe(401);
  });
});

describe('configuration', () => {
  it('is off when nothing is configured (the embedded quick start)', () => {
    const config = loadConfig({});
    expect(config.auth.enabled).toBe(false);
  });

  it.each([
    [{ TREATY_AUTH: 'on' }, 'TREATY_AUTH=on'],
    [{ TREATY_ADMIN_TOKEN: ADMIN_TOKEN }, 'TREATY_ADMIN_TOKEN'],
    [{ PACT_BROKER_BASIC_AUTH_USERNAME: 'u', PACT_BROKER_BASIC_AUTH_PASSWORD: 'p' }, 'PACT_BROKER_BASIC_AUTH_USERNAME'],
    [
      { PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: 'u', PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: 'p' },
      'PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME',
    ],
    [{ PACT_BROKER_PUBLIC_HEARTBEAT: 'true' }, 'PACT_BROKER_PUBLIC_HEARTBEAT'],
  ])('is on with %j', (env, by) => {
    const config = loadConfig(env);
    expect(config.auth.enabled).toBe(true);
    expect(config.auth.enabledBy).toEqual([by]);
  });

  it('refuses a basic-auth user without a password', () => {
    expect(() => loadConfig({ PACT_BROKER_BASIC_AUTH_USERNAME: 'u' })).toThrow(/PACT_BROKER_BASIC_AUTH_PASSWORD/);
  });

  it('refuses a short TREATY_ADMIN_TOKEN', () => {
    expect(() => loadConfig({ TREATY_ADMIN_TOKEN: 'short' })).toThrow(ConfigError);
  });

  it('refuses TREATY_AUTH=off together with credentials', () => {
    expect(() => loadConfig({ TREATY_AUTH: 'off', TREATY_ADMIN_TOKEN: ADMIN_TOKEN })).toThrow(/conflicts with TREATY_ADMIN_TOKEN/);
  });

  it('refuses to start the provider-states test endpoint with auth on (it deletes all data)', () => {
    expect(() => loadConfig({ TREATY_PROVIDER_STATES: '1', TREATY_AUTH: 'on' })).toThrow(ConfigError);
    expect(() => loadConfig({ TREATY_PROVIDER_STATES: '1', TREATY_AUTH: 'on' })).toThrow(
      /TREATY_PROVIDER_STATES=1 cannot be combined with authentication \(turned on by TREATY_AUTH=on\)/,
    );
    const config = { ...loadConfig({ LOG_LEVEL: 'silent', TREATY_AUTH: 'on' }), providerStatesEndpoint: true };
    expect(() => createApp({ config, db: broker.db, logger: createLogger(config) })).toThrow(ConfigError);
  });
});
