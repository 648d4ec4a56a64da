// PactFlow provider contracts through the HTTP API: bad input is a 4xx problem naming what to fix, and the read
// resources answer 404 for what was not published. The happy path runs the official CLI (e2e/pactflow-provider-contract).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

const OPENAPI = 'openapi: 3.0.3\ninfo: {title: Things, version: "1"}\npaths:\n  /things: {get: {responses: {"200": {description: ok}}}}\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const publish = (provider: string, body: unknown) =>
  broker.request
    .post(`/provider-contracts/provider/${provider}/publish`)
    .set('Accept', 'application/problem+json')
    .send(body as object);

describe('POST /provider-contracts/provider/{p}/publish (pactflow publish-provider-contract)', () => {
  it('is linked from the index as pf:publish-provider-contract', async () => {
    const index = await broker.request.get('/');
    expect(index.body._links['pf:publish-provider-contract'].href).toMatch(/\/provider-contracts\/provider\/\{provider\}\/publish$/);
  });

  it('answers with the notices, the version and the tag links the CLI reads', async () => {
    const provider = uniqueName('things-api');
    const res = await publish(provider, {
      pacticipantVersionNumber: '1',
      tags: ['dev'],
      contract: {
        content: b64(OPENAPI),
        contentType: 'application/yaml',
        specification: 'oas',
        selfVerificationResults: { success: true },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body._embedded.version.number).toBe('1');
    expect(res.body._links['pb:pacticipant-version-tags'].map((t: { name: string }) => t.name)).toEqual(['dev']);
    expect(res.body.notices[0]).toEqual({ type: 'info', text: `Provider contract for ${provider} version 1 published.` });
  });

  it.each([
    ['a contract that is not OpenAPI', { content: b64('just: yaml\n') }, 'contract.content', /^is not an OpenAPI document: /],
    ['content that is not base64', { content: 'not base64 at all!' }, 'contract.content', /base64-encoded/],
    ['another specification', { content: b64(OPENAPI), specification: 'asyncapi' }, 'contract.specification', /must be "oas"/],
    [
      'self-verification without success',
      { content: b64(OPENAPI), selfVerificationResults: {} },
      'contract.selfVerificationResults.success',
      /true or false/,
    ],
  ])('answers 400 problem+json naming the field for %s', async (_, contract, field, message) => {
    const res = await publish(uniqueName('things-api'), { pacticipantVersionNumber: '1', contract });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Object.keys(res.body.errors)).toEqual([field]);
    expect(res.body.errors[field][0]).toMatch(message);
  });

  it('answers 400 naming a missing provider version', async () => {
    const res = await publish(uniqueName('things-api'), { contract: { content: b64(OPENAPI) } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toEqual(['pacticipantVersionNumber']);
  });
});

describe('the provider contract read resources', () => {
  it('answer 404 problem naming a provider version without a contract, or without self-verification results', async () => {
    const provider = uniqueName('things-api');
    const missing = await broker.request.get(`/contracts/bi-directional/provider/${provider}/version/9/provider-contract`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe(
      `${provider} has published no provider contract for version 9. Check the provider name and version, or publish it with \`pactflow publish-provider-contract\`.`,
    );
    await publish(provider, { pacticipantVersionNumber: '1', contract: { content: b64(OPENAPI) } });
    const contract = await broker.request.get(`/contracts/bi-directional/provider/${provider}/version/1/provider-contract`);
    expect(contract.status).toBe(200);
    expect(contract.body).toMatchObject({
      content: OPENAPI,
      contentType: 'application/yaml',
      specification: 'oas',
      selfVerificationResults: null,
    });
    const results = await broker.request.get(
      `/contracts/bi-directional/provider/${provider}/version/1/provider-contract-verification-results`,
    );
    expect(results.status).toBe(404);
    expect(results.body.detail).toMatch(/without self-verification results/);
    const cross = await broker.request.get(
      `/contracts/bi-directional/provider/${provider}/version/1/consumer/nobody/version/1/cross-contract-verification-results`,
    );
    expect(cross.status).toBe(404);
  });
});
