import { describe, expect, test } from 'vitest';
import {
  exampleTemplateData,
  headersToSend,
  isSuccessStatus,
  redactHeaders,
  redactTemplateHeaders,
  redactUrl,
  summarizeExecution,
} from './execution.ts';
import { renderWebhookRequest, templateParameters } from './template.ts';
import { describeWebhookRequest, isValidWebhookUuid } from './webhook.ts';

describe('isSuccessStatus (the Pact Broker counts 2xx as success)', () => {
  test.each([
    [199, false],
    [200, true],
    [204, true],
    [299, true],
    [302, false],
    [500, false],
  ])('%i → %s', (status, ok) => expect(isSuccessStatus(status)).toBe(ok));
});

describe('headersToSend', () => {
  const base = { method: 'POST', url: 'https://x', body: undefined, username: undefined, password: undefined };
  test('adds Basic auth from username/password and a User-Agent', () => {
    expect(headersToSend({ ...base, headers: { A: '1' }, username: 'u', password: 'p' }, 'UA')).toEqual({
      A: '1',
      Authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
      'User-Agent': 'UA',
    });
  });
  test('an explicit Authorization or User-Agent header wins', () => {
    expect(headersToSend({ ...base, headers: { authorization: 'Bearer t', 'user-agent': 'me' }, username: 'u' }, 'UA')).toEqual({
      authorization: 'Bearer t',
      'user-agent': 'me',
    });
  });
});

describe('redaction', () => {
  test('secret-looking headers are masked in logs', () => {
    expect(redactHeaders({ Authorization: 'Basic x', 'X-Auth-Token': 't', 'X-Api-Key': 'k', Accept: 'a' })).toEqual({
      Authorization: '**********',
      'X-Auth-Token': '**********',
      'X-Api-Key': '**********',
      Accept: 'a',
    });
  });
  test('stored template headers stay visible when they only hold a ${pactbroker.*} parameter (Pact Broker rule)', () => {
    expect(redactTemplateHeaders({ Authorization: 'Bearer ${pactbroker.consumerName}', Token: 'abc' })).toEqual({
      Authorization: 'Bearer ${pactbroker.consumerName}',
      Token: '**********',
    });
  });
  test.each([
    ['https://u:pw@ci.example.org/x?token=abc&job=1', 'https://u:**********@ci.example.org/x?token=**********&job=1'],
    ['https://ci.example.org/x?sig=1&api_key=2', 'https://ci.example.org/x?sig=**********&api_key=**********'],
    ['not a url', 'not a url'],
  ])('redactUrl(%s)', (url, redacted) => expect(redactUrl(url)).toBe(redacted));
});

describe('summarizeExecution', () => {
  const request = renderWebhookRequest(
    {
      method: 'POST',
      url: 'https://ci.example.org/x?token=abc',
      headers: { Authorization: 'Bearer s3cr3t' },
      body: { a: '${pactbroker.consumerName}' },
    },
    templateParameters(exampleTemplateData('http://broker', { consumerName: 'Foo' })),
  );
  const sentHeaders = headersToSend(request, 'UA');
  const startedAt = new Date('2026-01-01T00:00:00.000Z');
  const finishedAt = new Date('2026-01-01T00:00:00.120Z');

  test('a 2xx response: success, parsed JSON bodies, and logs without secrets', () => {
    const summary = summarizeExecution({
      request,
      sentHeaders,
      eventName: 'test',
      outcome: {
        kind: 'response',
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'application/json' },
        body: '{"ok":true}',
        truncated: false,
        startedAt,
        finishedAt,
      },
    });
    expect(summary.success).toBe(true);
    expect(summary.request).toEqual({
      url: 'https://ci.example.org/x?token=**********',
      method: 'POST',
      headers: { Authorization: '**********', 'User-Agent': 'UA' },
      body: { a: 'Foo' },
    });
    expect(summary.response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { ok: true },
      truncated: false,
    });
    expect(summary.logs).toMatchInlineSnapshot(`
      "[2026-01-01T00:00:00.000Z] INFO: Executing webhook for event test
      [2026-01-01T00:00:00.000Z] INFO: POST https://ci.example.org/x?token=**********
      [2026-01-01T00:00:00.000Z] INFO: Authorization: **********
      [2026-01-01T00:00:00.000Z] INFO: User-Agent: UA
      [2026-01-01T00:00:00.000Z] INFO: {"a":"Foo"}
      [2026-01-01T00:00:00.120Z] INFO: HTTP 200 OK (120 ms)
      [2026-01-01T00:00:00.120Z] INFO: content-type: application/json
      [2026-01-01T00:00:00.120Z] INFO: {"ok":true}
      [2026-01-01T00:00:00.120Z] INFO: Webhook succeeded
      "
    `);
  });

  test('a network error: no response, the error in the logs', () => {
    const summary = summarizeExecution({
      request,
      sentHeaders,
      eventName: 'test',
      outcome: { kind: 'error', message: 'connect ECONNREFUSED', startedAt, finishedAt },
    });
    expect(summary.success).toBe(false);
    expect(summary).not.toHaveProperty('response');
    expect(summary.error).toEqual({ message: 'connect ECONNREFUSED' });
    expect(summary.logs).toMatch(/ERROR: Webhook failed after 120 ms: connect ECONNREFUSED\n$/);
  });
});

describe('webhook model rules', () => {
  test.each([
    ['696c5f93-1b7f-44bc-8d03-59440fcaa9a0', true],
    ['abcdefghijklmnop', true],
    ['abcdefghijklmno', false],
    ['has space in it 123', false],
    ['a/b/c/d/e/f/g/h/i', false],
  ])('uuid %s valid → %s (Pact Broker: /^[A-Za-z0-9_\\-]{16,}$/)', (uuid, valid) => expect(isValidWebhookUuid(uuid)).toBe(valid));

  test.each([
    [{ method: 'post', url: 'https://ci.example.org:8443/x' }, 'POST ci.example.org'],
    [{ method: 'POST', url: 'https://ci.example.org/${pactbroker.consumerName}' }, 'POST ci.example.org'],
  ])('a webhook without description is called "METHOD host"', (request, description) =>
    expect(describeWebhookRequest(request)).toBe(description),
  );
});
