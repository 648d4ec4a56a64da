import { describe, expect, test } from 'vitest';
import { checkUrl, isHostAllowed, validateWebhook, type WebhookPacticipantLookup, type WebhookPolicy } from './validate-webhook.ts';

const policy: WebhookPolicy = { schemes: ['https', 'http'], methods: ['POST'], hosts: [] };
const lookup: WebhookPacticipantLookup = {
  async findPacticipantByName(name) {
    return name.toLowerCase() === 'condor' ? { id: 1, name: 'Condor' } : undefined;
  },
};
const request = { method: 'POST', url: 'https://webhook' };

async function fieldsOf(body: unknown, p: WebhookPolicy = policy): Promise<Record<string, string>> {
  const result = await validateWebhook(body, p, lookup);
  return result.ok ? {} : Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

describe('validateWebhook', () => {
  test('the Pact Broker client pact body is valid and defaults are applied', async () => {
    const result = await validateWebhook(
      {
        description: 'a webhook',
        consumer: { name: 'condor' },
        request: { ...request, method: 'post', headers: { Foo: 'bar', N: 1 }, body: { some: 'body' }, username: 'u', password: 'p' },
      },
      policy,
      lookup,
    );
    expect(result).toEqual({
      ok: true,
      webhook: {
        description: 'a webhook',
        consumer: { kind: 'pacticipant', id: 1, name: 'Condor' },
        provider: null,
        events: ['contract_content_changed'],
        enabled: true,
        request: {
          method: 'POST',
          url: 'https://webhook',
          headers: { Foo: 'bar', N: '1' },
          body: { some: 'body' },
          username: 'u',
          password: 'p',
        },
      },
    });
  });

  test('labels select pacticipants without looking them up', async () => {
    const result = await validateWebhook({ request, provider: { label: 'team-x' } }, policy, lookup);
    expect(result.ok && result.webhook.provider).toEqual({ kind: 'label', label: 'team-x' });
  });

  test('pacticipants from the path win over the body (POST /webhooks/provider/{p}/consumer/{c})', async () => {
    const result = await validateWebhook({ request, consumer: { name: 'ghost' } }, policy, lookup, { consumer: { id: 9, name: 'Path' } });
    expect(result.ok && result.webhook.consumer).toEqual({ kind: 'pacticipant', id: 9, name: 'Path' });
  });

  test('duplicate events are kept once, in order', async () => {
    const result = await validateWebhook(
      { request, events: [{ name: 'contract_published' }, { name: 'contract_published' }, { name: 'provider_verification_failed' }] },
      policy,
      lookup,
    );
    expect(result.ok && result.webhook.events).toEqual(['contract_published', 'provider_verification_failed']);
  });

  test.each<[string, unknown, string, RegExp]>([
    ['not an object', 'hello', 'body', /JSON object/],
    ['no request', {}, 'request', /is missing/],
    ['request not an object', { request: 'x' }, 'request', /expected object/],
    ['no method', { request: { url: 'https://x' } }, 'request.method', /is missing/],
    ['unknown method', { request: { ...request, method: 'BREW' } }, 'request.method', /Invalid HTTP method 'BREW'/],
    ['method not whitelisted', { request: { ...request, method: 'PUT' } }, 'request.method', /^must be POST\./],
    ['no url', { request: { method: 'POST' } }, 'request.url', /is missing/],
    ['blank url', { request: { method: 'POST', url: '  ' } }, 'request.url', /is missing/],
    ['relative url', { request: { method: 'POST', url: '/hook' } }, 'request.url', /Invalid URL/],
    ['url without host', { request: { method: 'POST', url: 'mailto:x@y' } }, 'request.url', /Invalid URL/],
    ['templated host', { request: { method: 'POST', url: 'https://${pactbroker.providerName}/x' } }, 'request.url', /host may not contain/],
    ['scheme not whitelisted', { request: { method: 'POST', url: 'ftp://x.org' } }, 'request.url', /scheme must be https, http/],
    ['headers not an object', { request: { ...request, headers: ['a'] } }, 'request.headers', /expected record/],
    ['events not an array', { request, events: 'contract_published' }, 'events', /expected array/],
    ['events empty', { request, events: [] }, 'events', /at least one event/],
    ['event without name', { request, events: [{}] }, 'events[0].name', /expected string/],
    ['unknown event', { request, events: [{ name: 'nope' }] }, 'events[0].name', /must be one of contract_published/],
    ['consumer blank', { request, consumer: { name: '' } }, 'consumer.name', /cannot be blank/],
    ['consumer name and label', { request, consumer: { name: 'Condor', label: 'x' } }, 'consumer.label', /same time/],
    ['consumer not found', { request, consumer: { name: 'Wiffle' } }, 'consumer.name', /No pacticipant with name 'Wiffle' found/],
    ['provider not found', { request, provider: { name: 'Meep' } }, 'provider.name', /No pacticipant with name 'Meep' found/],
    ['description not a string', { request, description: 5 }, 'description', /expected string/],
    ['enabled not a boolean', { request, enabled: 'true' }, 'enabled', /expected boolean/],
  ])('%s → %s', async (_case, body, field, message) => {
    const fields = await fieldsOf(body);
    expect(Object.keys(fields)).toContain(field);
    expect(fields[field]).toMatch(message);
  });

  test('a method whitelist of several is listed in the message', async () => {
    const fields = await fieldsOf({ request: { ...request, method: 'DELETE' } }, { ...policy, methods: ['POST', 'PUT'] });
    expect(fields['request.method']).toMatch(/^must be one of POST, PUT\./);
  });
});

describe('checkUrl', () => {
  test.each([
    ['https://ci.example.org/job?x=${pactbroker.consumerName}', undefined],
    ['http://127.0.0.1:8080/x', undefined],
    ['https://user:pw@ci.example.org', undefined],
  ])('%s is fine', (url, expected) => expect(checkUrl(url, policy)).toBe(expected));

  test('host whitelist', () => {
    const strict = { ...policy, hosts: ['ci.example.org'] };
    expect(checkUrl('https://ci.example.org/x', strict)).toBeUndefined();
    expect(checkUrl('https://evil.org/x', strict)).toMatch(/host must be in the whitelist "ci.example.org"/);
  });
});

// pact_broker webhooks/check_host_whitelist.rb
describe('isHostAllowed', () => {
  test.each<[string, string[], boolean]>([
    ['ci.example.org', ['ci.example.org'], true],
    ['CI.Example.org', ['ci.example.org'], true],
    ['other.example.org', ['ci.example.org'], false],
    ['a.example.org', ['*.example.org'], true],
    ['a.b.example.org', ['*.example.org'], false],
    ['example.org', ['*.example.org'], false],
    ['jenkins-7.internal', ['/^jenkins-\\d+\\.internal$/'], true],
    ['jenkins.internal', ['/^jenkins-\\d+\\.internal$/'], false],
    ['10.1.2.3', ['10.0.0.0/8'], true],
    ['11.1.2.3', ['10.0.0.0/8'], false],
    ['192.168.0.5', ['192.168.0.5'], true],
    ['192.168.0.5', ['*.example.org'], false],
    ['[::1]', ['::1'], true],
    ['[fd00::5]', ['fd00::/8'], true],
    ['10.0.0.1', ['10.0.0.0/33'], false],
  ])('%s in %j → %s', (host, whitelist, allowed) => expect(isHostAllowed(host, whitelist)).toBe(allowed));
});
