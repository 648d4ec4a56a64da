import { describe, expect, test } from 'vitest';
import { checkPactAgainstContracts, documentsConcerned, type ContractDocument } from './pact-contract-checks.ts';

const asyncapi: ContractDocument = {
  kind: 'asyncapi',
  files: [
    {
      path: 'events.yaml',
      content:
        'asyncapi: 3.0.0\ninfo: {title: t, version: "1"}\nchannels:\n  orders:\n    messages:\n      OrderPlaced:\n        payload: {type: object, properties: {id: {type: string}}}\noperations:\n  send: {action: send, channel: {$ref: "#/channels/orders"}}\n',
    },
  ],
};
const openapi: ContractDocument = {
  kind: 'openapi',
  files: [
    {
      path: 'oas.yaml',
      content:
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        "200": {description: ok}\n',
    },
  ],
};
const message = {
  type: 'Asynchronous/Messages',
  description: 'OrderPlaced',
  contents: { content: { id: 'o-1' }, contentType: 'application/json' },
};
const http = {
  type: 'Synchronous/HTTP',
  description: 'get an order',
  request: { method: 'GET', path: '/orders/o-1' },
  response: { status: 200 },
};
const pact = (...interactions: unknown[]) => JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions });

describe('a pact against the OpenAPI and AsyncAPI documents of one provider version (issue #13)', () => {
  test('each document checks the interactions of its kind; together they verify a mixed pact', () => {
    const result = checkPactAgainstContracts(pact(message, http), [openapi, asyncapi], 'orders 1.0.0');
    expect(result.perDocument.map((o) => o?.status)).toEqual(['success', 'success']);
    expect(result.combined.status).toBe('success');
  });

  test('interactions of a kind no document describes leave the verification unknown, never passed', () => {
    const result = checkPactAgainstContracts(pact(message, http), [asyncapi], 'orders 1.0.0');
    expect(result.perDocument.map((o) => o?.status)).toEqual(['success']);
    expect(result.combined).toMatchObject({
      status: 'unknown',
      reasons: ['1 HTTP interaction of the pact is not covered: orders 1.0.0 published no OpenAPI document'],
    });
    const sync = { type: 'Synchronous/Messages', description: 'ask', request: { contents: {} }, response: [] };
    expect(checkPactAgainstContracts(pact(message, sync), [asyncapi], 'orders 1.0.0').combined.reasons).toEqual([
      '1 synchronous message of the pact is not covered: Treaty does not check request/response messages against a document',
    ]);
  });

  test('a failure of one document fails the verification; a document of a kind the pact has no interactions of says nothing', () => {
    const wrong = { ...message, contents: { content: { id: 7 }, contentType: 'application/json' } };
    const result = checkPactAgainstContracts(pact(wrong), [openapi, asyncapi], 'orders 1.0.0');
    expect(result.perDocument.map((o) => o?.status)).toEqual([undefined, 'failure']);
    expect(result.combined.status).toBe('failure');
    expect(documentsConcerned(pact(wrong), [openapi, asyncapi])).toEqual([asyncapi]);
  });
});
