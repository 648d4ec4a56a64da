import { describe, expect, test } from 'vitest';
import { parsePactText, specificationMajor } from './pact-document.ts';

const http = (extra: object = {}) => ({ consumer: { name: 'web' }, provider: { name: 'api' }, ...extra });

describe('parsePactText', () => {
  describe('accepts every pact specification version', () => {
    test.each([
      [
        'V1 (pact-specification)',
        http({
          interactions: [{ description: 'd', provider_state: 's', request: {}, response: {} }],
          metadata: { 'pact-specification': { version: '1.0.0' } },
        }),
        '1.0.0',
        1,
      ],
      [
        'V2 (providerState)',
        http({
          interactions: [{ description: 'd', providerState: 's', request: {}, response: {} }],
          metadata: { pactSpecification: { version: '2.0.0' } },
        }),
        '2.0.0',
        1,
      ],
      [
        'V3 HTTP',
        http({
          interactions: [{ description: 'd', providerStates: [{ name: 's' }] }, { description: 'e' }],
          metadata: { pactSpecification: { version: '3.0.0' } },
        }),
        '3.0.0',
        2,
      ],
      [
        'V3 message',
        http({ messages: [{ description: 'm', contents: {} }], metadata: { pactSpecification: { version: '3.0.0' } } }),
        '3.0.0',
        1,
      ],
      [
        'V4 mixed types',
        http({
          interactions: [
            { type: 'Synchronous/HTTP', description: 'a' },
            { type: 'Asynchronous/Messages', description: 'b' },
            { type: 'Synchronous/Messages', description: 'c' },
          ],
          metadata: { pactSpecification: { version: '4.0' } },
        }),
        '4.0',
        3,
      ],
      ['no interactions at all (the Pact Broker client pact publishes one)', http({ interactions: [] }), undefined, 0],
    ])('%s', (_name, doc, version, count) => {
      const result = parsePactText(JSON.stringify(doc));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.summary).toMatchObject({
        consumerName: 'web',
        providerName: 'api',
        specificationVersion: version,
        interactionCount: count,
      });
    });
  });

  test('counts V4 interactions by type', () => {
    const result = parsePactText(
      JSON.stringify(
        http({ interactions: [{ type: 'Synchronous/HTTP' }, { type: 'Asynchronous/Messages' }, { type: 'Asynchronous/Messages' }] }),
      ),
    );
    expect(result.ok && result.summary.interactionTypes).toEqual({ 'Synchronous/HTTP': 1, 'Asynchronous/Messages': 2 });
    expect(result.ok && specificationMajor(result.summary)).toBe(undefined);
  });

  test('tolerates a UTF-8 byte order mark', () => {
    expect(parsePactText(`\uFEFF${JSON.stringify(http())}`).ok).toBe(true);
  });

  describe('rejects what is not a pact with a field-level reason', () => {
    test.each([
      ['malformed JSON', '{"consumer":', 'content', /not valid JSON/],
      ['an array', '[1,2]', 'content', /not a pact.*an array/],
      ['a string', '"pact"', 'content', /not a pact/],
      ['no consumer', JSON.stringify({ provider: { name: 'api' } }), 'consumer.name', /is missing/],
      ['blank provider name', JSON.stringify({ consumer: { name: 'web' }, provider: { name: ' ' } }), 'provider.name', /non-empty string/],
      [
        'provider name not a string',
        JSON.stringify({ consumer: { name: 'web' }, provider: { name: 3 } }),
        'provider.name',
        /non-empty string/,
      ],
      ['interactions not an array', JSON.stringify(http({ interactions: {} })), 'interactions', /must be an array/],
      ['an interaction that is not an object', JSON.stringify(http({ interactions: [{}, 3] })), 'interactions[1]', /must be an object/],
      ['messages not an array', JSON.stringify(http({ messages: 'x' })), 'messages', /must be an array/],
    ])('%s', (_name, text, field, message) => {
      const result = parsePactText(text);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues[0]?.field).toBe(field);
      expect(result.issues[0]?.message).toMatch(message);
    });
  });

  test('reports both missing names at once', () => {
    const result = parsePactText('{}');
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(['consumer.name', 'provider.name']);
  });
});
