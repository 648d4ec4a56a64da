import { describe, expect, test } from 'vitest';
import { commitStatusFor, pactPageUrl } from './commit-status.ts';
import { isFullCommitSha, linkedRepository, parseRepositoryUrl } from './repository.ts';

const none = { repositoryUrl: null, repositoryNamespace: null, repositoryName: null };

describe('linking a pacticipant to a GitHub repository', () => {
  test.each([
    ['https://github.com/acme/order-service', { owner: 'acme', repo: 'order-service' }],
    ['https://github.com/acme/order-service.git', { owner: 'acme', repo: 'order-service' }],
    ['https://github.com/acme/order-service/tree/main/src', { owner: 'acme', repo: 'order-service' }],
    ['git@github.com:acme/order-service.git', { owner: 'acme', repo: 'order-service' }],
    ['ssh://git@github.com/acme/order-service.git', { owner: 'acme', repo: 'order-service' }],
    ['github.com/acme/order-service', { owner: 'acme', repo: 'order-service' }],
    ['https://gitlab.com/acme/order-service', undefined],
    ['https://github.com/acme', undefined],
    ['not a url at all', undefined],
  ])('%s on github.com -> %j', (url, expected) => {
    expect(parseRepositoryUrl(url, 'github.com')).toEqual(expected);
  });

  test('GitHub Enterprise: repositories on the API host are linked, github.com ones are not', () => {
    const api = 'https://ghe.example.com/api/v3';
    expect(linkedRepository({ ...none, repositoryUrl: 'https://ghe.example.com/acme/order-service' }, api)).toEqual({
      owner: 'acme',
      repo: 'order-service',
    });
    expect(linkedRepository({ ...none, repositoryUrl: 'git@ghe.example.com:acme/order-service.git' }, api)).toEqual({
      owner: 'acme',
      repo: 'order-service',
    });
    expect(linkedRepository({ ...none, repositoryUrl: 'https://github.com/acme/order-service' }, api)).toBeUndefined();
  });

  test('repositoryNamespace + repositoryName link it when there is no usable URL', () => {
    expect(linkedRepository({ ...none, repositoryNamespace: 'acme', repositoryName: 'order-service' }, 'https://api.github.com')).toEqual({
      owner: 'acme',
      repo: 'order-service',
    });
    expect(linkedRepository(none, 'https://api.github.com')).toBeUndefined();
  });

  test.each([
    ['3f786850e387550fdab836ed7e6dc881de23001b', true],
    ['3F786850E387550FDAB836ED7E6DC881DE23001B', true],
    ['3f78685', false],
    ['1.2.3', false],
  ])('version %s is a full commit SHA: %s', (version, expected) => {
    expect(isFullCommitSha(version)).toBe(expected);
  });
});

describe('commit statuses', () => {
  const url = pactPageUrl('https://treaty.example.org/ui', 'payment service', 'order-service', 'abc');
  test('the target URL is the pact page of the web UI', () => {
    expect(url).toBe('https://treaty.example.org/ui/pacts/payment%20service/order-service/abc');
  });
  test.each([
    [{ kind: 'pact-published', providerName: 'payment-service' } as const, 'pending', 'treaty/payment-service'],
    [
      { kind: 'verification', providerName: 'payment-service', providerVersionNumber: 'p1', success: true } as const,
      'success',
      'treaty/payment-service',
    ],
    [
      { kind: 'verification', providerName: 'payment-service', providerVersionNumber: 'p1', success: false } as const,
      'failure',
      'treaty/payment-service',
    ],
    [
      { kind: 'can-i-deploy', environment: 'production', deployable: false, reason: 'no verification' } as const,
      'failure',
      'treaty/can-i-deploy/production',
    ],
    [
      { kind: 'schema-check', providerName: 'ledger', providerVersionNumber: '12', subject: 'pay.v1.Svc', status: 'success' } as const,
      'success',
      'treaty/ledger/pay.v1.Svc',
    ],
    [
      { kind: 'schema-check', providerName: 'ledger', providerVersionNumber: '12', subject: 'pay.v1.Svc', status: 'failure' } as const,
      'failure',
      'treaty/ledger/pay.v1.Svc',
    ],
    [
      { kind: 'schema-check', providerName: 'ledger', providerVersionNumber: '12', subject: 'pay.v1.Svc', status: 'unknown' } as const,
      'error',
      'treaty/ledger/pay.v1.Svc',
    ],
  ])('%j -> %s in context %s', (event, state, context) => {
    const status = commitStatusFor(event, url);
    expect(status).toMatchObject({ state, context, target_url: url });
    expect(status.description.length).toBeLessThanOrEqual(140);
  });
  test('descriptions longer than GitHub keeps are clipped to 140 characters', () => {
    expect(
      commitStatusFor({ kind: 'can-i-deploy', environment: 'prod', deployable: false, reason: 'x'.repeat(300) }, url).description,
    ).toHaveLength(140);
  });
});
