// Pacticipant resources, as the pact-broker CLI (create-or-update-pacticipant, describe-pacticipant,
// list-pacticipants) and the Rust verifier (pb:branch-version, pb:version-tag) use them.
import { generateDisplayName } from '../../src/domain/pacticipants/display-name.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidFields, seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

const enc = encodeURIComponent;

describe('POST /pacticipants (create-or-update-pacticipant after a 404)', () => {
  it('creates the pacticipant and answers 201 with hal+json, name, repositoryUrl and a self link', async () => {
    const name = uniqueName('Foo');
    const res = await broker.request
      .post('/pacticipants')
      .set('Accept', 'application/hal+json')
      .send({ name, repositoryUrl: 'http://foo' });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json/);
    expect(res.body.name).toBe(name);
    expect(res.body.repositoryUrl).toBe('http://foo');
    expect(res.body._links.self.href).toMatch(new RegExp(`/pacticipants/${name}$`));
    expect(res.headers.location).toBe(res.body._links.self.href);
  });

  it('answers 409 when a pacticipant with that name (in any case) exists', async () => {
    const name = uniqueName('Dup');
    await broker.request.post('/pacticipants').send({ name });
    const res = await broker.request.post('/pacticipants').set('Accept', 'application/json').send({ name: name.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toContain('already exists');
  });

  it('answers 400 with a field error when name is missing or not a string', async () => {
    const missing = await broker.request.post('/pacticipants').send({ repositoryUrl: 'x' });
    expect(missing.status).toBe(400);
    expect(invalidFields(missing.body)).toEqual(['name']);
    expect(missing.body.detail).toContain('name: is required');
    const wrongType = await broker.request.post('/pacticipants').send({ name: 42 });
    expect(wrongType.status).toBe(400);
    expect(invalidFields(wrongType.body)).toEqual(['name']);
  });

  it('answers 400 problem+json for malformed JSON', async () => {
    const res = await broker.request.post('/pacticipants').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('https://treaty.dev/problems/malformed-json');
  });
});

describe('GET /pacticipants/{name} (describe-pacticipant)', () => {
  it('answers 404 problem+json telling how to create the pacticipant', async () => {
    const res = await broker.request.get('/pacticipants/Nobody-here-9f8e');
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatchInlineSnapshot(
      `"No pacticipant named 'Nobody-here-9f8e'. Create it with POST /pacticipants (pact-broker create-or-update-pacticipant) or by publishing a contract; names are matched case-insensitively."`,
    );
  });

  it('embeds the latest version under latestVersion and the deprecated latest-version key (client pact: get the Pricing Service)', async () => {
    const name = uniqueName('Pricing Service');
    await broker.request.patch(`/pacticipants/${enc(name)}`).send({ repositoryUrl: 'git@example.com:pricing' });
    await broker.request.put(`/pacticipants/${enc(name)}/versions/1.0.0`).send({});
    await broker.request.put(`/pacticipants/${enc(name)}/versions/1.3.0`).send({});
    const res = await broker.request.get(`/pacticipants/${enc(name)}`);
    expect(res.status).toBe(200);
    const base = res.body._links.self.href.replace(/\/pacticipants\/.*$/, '');
    expect(res.body._links.self.href).toBe(`${base}/pacticipants/${enc(name)}`);
    expect(res.body._links.versions.href).toBe(`${base}/pacticipants/${enc(name)}/versions`);
    expect(res.body._embedded['latest-version']).toMatchObject({
      number: '1.3.0',
      _links: { self: { href: `${base}/pacticipants/${enc(name)}/versions/1.3.0` } },
    });
    expect(res.body._embedded.latestVersion.number).toBe('1.3.0');
    expect(res.body.repositoryUrl).toBe('git@example.com:pricing');
  });

  it('finds the pacticipant case-insensitively (Pact Broker default)', async () => {
    const name = uniqueName('CaseSvc');
    await broker.request.post('/pacticipants').send({ name });
    const res = await broker.request.get(`/pacticipants/${name.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe(name);
  });

  it('has the templated links the Rust verifier follows to record provider branch and tags', async () => {
    const name = uniqueName('Provider');
    await broker.request.post('/pacticipants').send({ name });
    const { body } = await broker.request.get(`/pacticipants/${name}`);
    const links = body._links;
    expect(links['pb:branch-version'].templated).toBe(true);
    expect(links['pb:branch-version'].href).toMatch(new RegExp(`/pacticipants/${name}/branches/\\{branch\\}/versions/\\{version\\}$`));
    expect(links['pb:version-tag'].href).toMatch(new RegExp(`/pacticipants/${name}/versions/\\{version\\}/tags/\\{tag\\}$`));
    expect(links['pb:version'].href).toMatch(new RegExp(`/pacticipants/${name}/versions/\\{version\\}$`));
    expect(Object.keys(links)).toEqual(
      expect.arrayContaining(['pb:versions', 'pb:branches', 'pb:can-i-deploy-badge', 'pb:can-i-deploy-branch-to-environment-badge']),
    );

    const branchHref = String(links['pb:branch-version'].href).replace('{branch}', enc('feat/x')).replace('{version}', '1.0.0');
    const put = await broker.request.put(new URL(branchHref).pathname).send({});
    expect(put.status).toBe(201);
  });
});

describe('PATCH/PUT /pacticipants/{name}', () => {
  it('creates with 201 when missing and updates with 200 when present, accepting snake_case repository_url (client pact: register the repository URL)', async () => {
    const name = uniqueName('Pricing Service');
    const created = await broker.request.patch(`/pacticipants/${enc(name)}`).send({ repository_url: 'git@example.com:one' });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/hal\+json;\s?charset=utf-8$/);
    const updated = await broker.request.patch(`/pacticipants/${enc(name)}`).send({ repository_url: 'git@example.com:two' });
    expect(updated.status).toBe(200);
    expect(updated.body.repositoryUrl).toBe('git@example.com:two');
  });

  it('PATCH merges the given keys while PUT replaces all attributes', async () => {
    const name = uniqueName('Merge');
    await broker.request.post('/pacticipants').send({ name, displayName: 'Merge', mainBranch: 'main' });
    const patched = await broker.request.patch(`/pacticipants/${name}`).send({ name, repositoryUrl: 'http://foo' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Merge', mainBranch: 'main', repositoryUrl: 'http://foo' });
    const put = await broker.request.put(`/pacticipants/${name}`).send({ mainBranch: 'trunk' });
    expect(put.status).toBe(200);
    // PUT cleared the given display name, so the generated one shows, as in the Pact Broker (Merge-1a2b -> Merge 1a2b).
    expect(put.body).toMatchObject({ displayName: generateDisplayName(name), mainBranch: 'trunk', repositoryUrl: null });
  });

  it('shows a display name generated from the name when none was given (the Pact Broker GenerateDisplayName)', async () => {
    const name = uniqueName('order-service');
    const created = await broker.request.post('/pacticipants').send({ name });
    expect(created.status).toBe(201);
    const res = await broker.request.get(`/pacticipants/${name}`);
    expect(res.body.displayName).toBe(`Order Service ${generateDisplayName(name.slice('order-service-'.length))}`);
    const blank = await broker.request.patch(`/pacticipants/${name}`).send({ displayName: '  ' });
    expect(blank.body.displayName).toBe(res.body.displayName);
    const given = await broker.request.patch(`/pacticipants/${name}`).send({ displayName: 'Orders' });
    expect(given.body.displayName).toBe('Orders');
  });

  it('answers 400 when an attribute has the wrong type', async () => {
    const res = await broker.request.patch(`/pacticipants/${uniqueName('Typed')}`).send({ mainBranch: ['main'] });
    expect(res.status).toBe(400);
    expect(invalidFields(res.body)).toEqual(['mainBranch']);
  });
});

describe('GET /pacticipants (list-pacticipants)', () => {
  it('lists each pacticipant in _embedded.pacticipants, the deprecated top-level array, and the pb:pacticipants links', async () => {
    const kit = seed(broker.request);
    const condor = kit.pacticipant('Condor');
    await condor.createVersion('1.3.0');
    const res = await broker.request.get('/pacticipants');
    expect(res.status).toBe(200);
    const embedded = res.body._embedded.pacticipants.find((p: { name: string }) => p.name === condor.name);
    expect(embedded._embedded['latest-version'].number).toBe('1.3.0');
    expect(res.body.pacticipants.map((p: { name: string }) => p.name)).toContain(condor.name);
    expect(res.body._links['pb:pacticipants']).toContainEqual(expect.objectContaining({ name: condor.name, title: 'Pacticipant' }));
    expect(res.body._links.pacticipants).toContainEqual(expect.objectContaining({ title: condor.name }));
  });

  it('pages with size and page like the Pact Broker', async () => {
    const res = await broker.request.get('/pacticipants?size=1&page=1');
    expect(res.status).toBe(200);
    expect(res.body._embedded.pacticipants).toHaveLength(1);
    expect(res.body.page).toMatchObject({ number: 1, size: 1 });
    expect(res.body._links.next.href).toMatch(/\/pacticipants\?size=1&page=2$/);
    const bad = await broker.request.get('/pacticipants?size=0');
    expect(bad.status).toBe(400);
  });
});

describe('DELETE /pacticipants/{name}', () => {
  it('deletes the pacticipant with its versions (204), then answers 404', async () => {
    const kit = seed(broker.request);
    const svc = kit.pacticipant('Gone');
    await svc.createVersion('1', { tags: ['prod'], branch: 'main' });
    const del = await broker.request.delete(`/pacticipants/${svc.name}`);
    expect(del.status).toBe(204);
    expect((await broker.request.get(`/pacticipants/${svc.name}`)).status).toBe(404);
    expect((await broker.request.get(`/pacticipants/${svc.name}/versions/1`)).status).toBe(404);
    expect((await broker.request.delete(`/pacticipants/${svc.name}`)).status).toBe(404);
  });
});

describe('labels: PUT/GET/DELETE /pacticipants/{name}/labels/{label} and GET /pacticipants/label/{label}', () => {
  it('adds a label (201 then 200), embeds it in the pacticipant, finds pacticipants by it and deletes it', async () => {
    const [name, other, label] = [uniqueName('Labelled'), uniqueName('Other'), uniqueName('team payments')];
    const url = `/pacticipants/${enc(name)}/labels/${enc(label)}`;
    const created = await broker.request.put(url).set('Accept', 'application/hal+json');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: label, _links: { pacticipant: { name } } });
    expect(created.headers.location).toBe(created.body._links.self.href);
    expect(created.body._links.self.href).toMatch(new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    // PUT creates the pacticipant too, as the Pact Broker does; the same PUT again changes nothing.
    expect((await broker.request.put(url)).status).toBe(200);
    expect((await broker.request.put(`/pacticipants/${enc(other)}/labels/${enc(label)}`)).status).toBe(201);

    expect((await broker.request.get(url)).body.name).toBe(label);
    const pacticipant = await broker.request.get(`/pacticipants/${enc(name)}`);
    expect(pacticipant.body._embedded.labels.map((l: { name: string }) => l.name)).toEqual([label]);
    const index = await broker.request.get('/pacticipants');
    const template = (index.body._links['pb:pacticipants-with-label'].href as string).replace(/^https?:\/\/[^/]+/, '');
    expect(template).toBe('/pacticipants/label/{label}');
    const withLabel = await broker.request.get(template.replace('{label}', enc(label)));
    expect(withLabel.status).toBe(200);
    expect(withLabel.body._embedded.pacticipants.map((p: { name: string }) => p.name).sort()).toEqual([name, other].sort());

    expect((await broker.request.delete(url)).status).toBe(204);
    expect((await broker.request.get(url)).status).toBe(404);
    expect((await broker.request.delete(url)).status).toBe(404);
    const after = await broker.request.get(`/pacticipants/label/${enc(label)}`);
    expect(after.body._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual([other]);
  });

  it('answers 404 with a problem for a label of an unknown pacticipant', async () => {
    const res = await broker.request.get(`/pacticipants/${uniqueName('Nobody')}/labels/x`).set('Accept', 'application/problem+json');
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/No pacticipant named/);
  });
});
