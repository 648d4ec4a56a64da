// Environments, as create-environment, list-environments, describe/update/delete-environment and
// record-deployment (which finds the environment by name in pb:environments) use them.
import { generateDisplayName } from '../../src/domain/pacticipants/display-name.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidFields, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

const contacts = [{ name: 'Foo team', details: { emailAddress: 'foo@bar.com' } }];

describe('POST /environments (create-environment)', () => {
  it('generates the displayName from the name when none is given, as the Pact Broker does (list-environments prints it)', async () => {
    const name = uniqueName('production-eu');
    const res = await broker.request.post('/environments').send({ name, production: true });
    expect(res.status).toBe(201);
    expect(generateDisplayName(name)).toMatch(/^Production Eu \w{8}$/);
    expect(res.body.displayName).toBe(generateDisplayName(name));
    const got = await broker.request.get(`/environments/${String(res.body.uuid)}`);
    expect(got.body.displayName).toBe(generateDisplayName(name));
    expect(got.body._links['pb:currently-deployed-deployed-versions'].title).toBe(
      `Versions currently deployed to ${generateDisplayName(name)} environment`,
    );
    const cleared = await broker.request.put(`/environments/${String(res.body.uuid)}`).send({ name, displayName: '', production: true });
    expect(cleared.body.displayName).toBe(generateDisplayName(name));
  });

  it('creates the environment and answers 201 with the same fields plus a uuid (client pact: a request to create an environment)', async () => {
    const name = uniqueName('test');
    const res = await broker.request
      .post('/environments')
      .set('Accept', 'application/hal+json')
      .send({ name, displayName: 'Test', production: false, contacts });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json;\s?charset=utf-8$/);
    expect(res.body).toMatchObject({ name, displayName: 'Test', production: false, contacts });
    expect(res.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.location).toBe(res.body._links.self.href);
  });

  it('answers 400 when the name contains spaces, saying to use displayName', async () => {
    const res = await broker.request.post('/environments').send({ name: 'prod eu', production: true });
    expect(res.status).toBe(400);
    expect(invalidFields(res.body)).toEqual(['name']);
    expect(res.body.detail).toMatchInlineSnapshot(
      `"Invalid request body: name: must not contain spaces (use displayName for a human-friendly name, e.g. "Production EU"). Expected e.g. {"name": "production", "displayName": "Production", "production": true, "contacts": [{"name": "Team A", "details": {"emailAddress": "a@example.com"}}]}."`,
    );
  });

  it('answers 400 for a missing name, a non-boolean production and malformed JSON', async () => {
    const missing = await broker.request.post('/environments').send({ production: true });
    expect(missing.status).toBe(400);
    expect(invalidFields(missing.body)).toEqual(['name']);
    const wrongType = await broker.request.post('/environments').send({ name: uniqueName('e'), production: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(invalidFields(wrongType.body)).toEqual(['production']);
    const malformed = await broker.request.post('/environments').set('Content-Type', 'application/json').send('{"name":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('https://treaty.dev/problems/malformed-json');
  });

  it('answers 409 naming the existing environment when the name is taken', async () => {
    const name = uniqueName('dup');
    const first = await broker.request.post('/environments').send({ name, production: false });
    const second = await broker.request.post('/environments').send({ name, production: true });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(`Another environment with name '${name}' already exists (uuid ${first.body.uuid})`);
  });

  it('accepts a caller-chosen uuid (provider states pin uuids such as cb632df3-0a0d-4227-aac3-60114dd36479)', async () => {
    const uuid = crypto.randomUUID();
    const res = await broker.request.post('/environments').send({ uuid, name: uniqueName('pinned'), production: false });
    expect(res.status).toBe(201);
    expect(res.body.uuid).toBe(uuid);
    expect((await broker.request.post('/environments').send({ uuid, name: uniqueName('other'), production: false })).status).toBe(409);
  });
});

describe('GET /environments (list-environments, record-deployment)', () => {
  it('lists environments in _embedded.environments and as pb:environments links with title and name', async () => {
    const name = uniqueName('test');
    const created = await broker.request.post('/environments').send({ name, displayName: 'Test', production: false, contacts });
    const res = await broker.request.get('/environments').set('Accept', 'application/hal+json');
    expect(res.status).toBe(200);
    expect(res.body._embedded.environments).toContainEqual(expect.objectContaining({ name, uuid: created.body.uuid, contacts }));
    // supertest serves each request on a new port, so compare paths, not whole hrefs.
    expect(res.body._links['pb:environments']).toContainEqual({
      title: 'Environment',
      name,
      href: expect.stringMatching(new RegExp(`/environments/${created.body.uuid}$`)),
    });
  });

  it('filters by ?name=', async () => {
    const name = uniqueName('filtered');
    await broker.request.post('/environments').send({ name, production: false });
    const res = await broker.request.get(`/environments?name=${name}`);
    expect(res.body._embedded.environments.map((e: { name: string }) => e.name)).toEqual([name]);
  });
});

describe('GET/PUT/DELETE /environments/{uuid}', () => {
  it('has the currently-deployed and currently-supported links under both current and older names (record-undeployment)', async () => {
    const created = await broker.request.post('/environments').send({ name: uniqueName('test'), production: false });
    const uuid = created.body.uuid as string;
    const res = await broker.request.get(`/environments/${uuid}`).set('Accept', 'application/hal+json');
    expect(res.status).toBe(200);
    const links = res.body._links;
    expect(links['pb:currently-deployed-deployed-versions'].href).toMatch(
      new RegExp(`/environments/${uuid}/deployed-versions/currently-deployed$`),
    );
    expect(links['pb:currently-supported-released-versions'].href).toMatch(
      new RegExp(`/environments/${uuid}/released-versions/currently-supported$`),
    );
    expect(links['pb:currently-deployed-versions'].href).toBe(links['pb:currently-deployed-deployed-versions'].href);
    expect(links['pb:currently-supported-versions'].href).toBe(links['pb:currently-supported-released-versions'].href);
  });

  it('answers 404 with a hint for an unknown uuid', async () => {
    const res = await broker.request.get('/environments/16926ef3-590f-4e3f-838e-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatchInlineSnapshot(
      `"No environment with uuid '16926ef3-590f-4e3f-838e-000000000000'. List the environments with GET /environments (pact-broker list-environments) or create one with pact-broker create-environment."`,
    );
  });

  it('updates with PUT (update-environment) and refuses a name taken by another environment', async () => {
    const a = await broker.request.post('/environments').send({ name: uniqueName('a'), production: false });
    const b = await broker.request.post('/environments').send({ name: uniqueName('b'), production: false });
    const put = await broker.request.put(`/environments/${a.body.uuid}`).send({ name: a.body.name, displayName: 'A!', production: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: 'A!', production: true });
    const clash = await broker.request.put(`/environments/${a.body.uuid}`).send({ name: b.body.name, production: true });
    expect(clash.status).toBe(409);
    const missing = await broker.request.put(`/environments/${crypto.randomUUID()}`).send({ name: uniqueName('x'), production: true });
    expect(missing.status).toBe(404);
  });

  it('deletes with 204 (delete-environment), then answers 404', async () => {
    const env = await broker.request.post('/environments').send({ name: uniqueName('gone'), production: false });
    expect((await broker.request.delete(`/environments/${env.body.uuid}`)).status).toBe(204);
    expect((await broker.request.get(`/environments/${env.body.uuid}`)).status).toBe(404);
    expect((await broker.request.delete(`/environments/${env.body.uuid}`)).status).toBe(404);
  });
});
