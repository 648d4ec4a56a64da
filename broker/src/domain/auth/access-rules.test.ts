import { describe, expect, it } from 'vitest';
import { requiredAccess, type RequiredAccess } from './access-rules.ts';
import { decideAccess, PrincipalKind, type AuthSettings, type Principal } from './authorize.ts';
import { grants, highestScope } from './scopes.ts';

const options = { publicHeartbeat: false };
const summary = (a: RequiredAccess): string => (a.kind === 'public' ? 'public' : a.scope);

describe('requiredAccess: which scope each Pact Broker request needs', () => {
  it.each<[string, string, string]>([
    // reads
    ['GET', '/', 'read'],
    ['GET', '/pacticipants/order-service', 'read'],
    ['HEAD', '/pacts/latest', 'read'],
    ['OPTIONS', '/environments', 'read'],
    ['GET', '/matrix?q[][pacticipant]=a', 'read'],
    ['GET', '/environments/1e2d', 'read'],
    ['GET', '/diagnostic/status/heartbeat', 'read'],
    ['GET', '/metrics', 'read'],
    ['GET', '/no/such/thing', 'read'],
    ['POST', '/pacts/provider/payment-service/for-verification', 'read'],
    ['POST', '/graphql', 'read'],
    ['GET', '/graphql', 'read'],
    // public
    ['GET', '/health', 'public'],
    ['GET', '/health/ready', 'public'],
    ['GET', '/ui', 'public'],
    ['GET', '/ui/', 'public'],
    ['GET', '/ui/assets/index-abc.js', 'public'],
    ['GET', '/ui/matrix', 'public'],
    ['POST', '/ui/matrix', 'admin'],
    ['GET', '/pacts/provider/p/consumer/c/latest/badge', 'public'],
    ['GET', '/pacts/provider/p/consumer/c/latest/main/badge', 'public'],
    ['GET', '/pacts/provider/p/consumer/c/latest-untagged/badge', 'public'],
    ['GET', '/matrix/provider/p/latest/main/consumer/c/latest/main/badge', 'public'],
    ['GET', '/pacticipants/p/latest-version/main/can-i-deploy/to/prod/badge', 'public'],
    ['GET', '/pacticipants/p/branches/main/latest-version/can-i-deploy/to-environment/prod/badge', 'public'],
    ['GET', '/pacticipants/p/main-branch/can-i-merge/badge', 'public'],
    // write (pact-broker publish, verifiers, create-or-update-version, record-deployment/release)
    ['POST', '/contracts/publish', 'write'],
    ['PUT', '/pacts/provider/p/consumer/c/version/1', 'write'],
    ['PATCH', '/pacts/provider/p/consumer/c/version/1', 'write'],
    ['POST', '/pacts/provider/p/consumer/c/pact-version/abc/verification-results', 'write'],
    ['POST', '/pacts/provider/p/consumer/c/pact-version/abc/metadata/xyz/verification-results', 'write'],
    ['POST', '/pacticipants', 'write'],
    ['PATCH', '/pacticipants/order-service', 'write'],
    ['PUT', '/pacticipants/order-service/versions/1', 'write'],
    ['PUT', '/pacticipants/order-service/branches/main/versions/1', 'write'],
    ['PUT', '/pacticipants/order-service/versions/1/tags/prod', 'write'],
    ['POST', '/pacticipants/order-service/versions/1/deployed-versions/environment/e1', 'write'],
    ['POST', '/pacticipants/order-service/versions/1/released-versions/environment/e1', 'write'],
    ['PATCH', '/deployed-versions/0b6c', 'write'],
    ['PATCH', '/released-versions/0b6c', 'write'],
    // admin
    ['POST', '/environments', 'admin'],
    ['PUT', '/environments/1e2d', 'admin'],
    ['DELETE', '/environments/1e2d', 'admin'],
    ['DELETE', '/pacticipants/order-service/branches/feat-x', 'admin'],
    ['DELETE', '/pacticipants/order-service/versions/1/tags/prod', 'admin'],
    ['DELETE', '/pacts/provider/p/consumer/c/version/1', 'admin'],
    ['DELETE', '/integrations/provider/p/consumer/c', 'admin'],
    ['GET', '/webhooks', 'admin'],
    ['POST', '/webhooks/provider/p/consumer/c', 'admin'],
    ['POST', '/webhooks/0b6c/execute', 'admin'],
    ['GET', '/pacts/provider/p/consumer/c/webhooks', 'admin'],
    ['GET', '/pacts/provider/p/consumer/c/pact-version/abc/verification-results/1/triggered-webhooks', 'admin'],
    ['GET', '/tokens', 'admin'],
    ['POST', '/tokens', 'admin'],
    ['DELETE', '/tokens/3', 'admin'],
    ['GET', '/audit-events', 'admin'],
    ['POST', '/_pact/provider-states', 'admin'],
    // fail closed: an unknown write endpoint is admin-only
    ['POST', '/something/new', 'admin'],
    ['PUT', '/', 'admin'],
    ['TRACE', '/', 'admin'],
  ])('%s %s needs %s', (method, path, expected) => {
    expect(summary(requiredAccess(method, path.split('?')[0]!, options))).toBe(expected);
  });

  it('matches paths case-insensitively and ignores a trailing slash, as Express routes do', () => {
    expect(summary(requiredAccess('POST', '/Environments/', options))).toBe('admin');
    expect(summary(requiredAccess('get', '/TOKENS', options))).toBe('admin');
    expect(summary(requiredAccess('GET', '/pacts/provider/p/consumer/c/latest/badge/', options))).toBe('public');
  });

  it('does not make a version named "badge" public (only the badge routes are)', () => {
    expect(summary(requiredAccess('GET', '/pacticipants/p/versions/badge', options))).toBe('read');
  });

  it('makes the heartbeat public only with PACT_BROKER_PUBLIC_HEARTBEAT', () => {
    expect(summary(requiredAccess('GET', '/diagnostic/status/heartbeat', { publicHeartbeat: true }))).toBe('public');
  });

  it.each<[string, string, RequiredAccess]>([
    [
      'PUT',
      '/pacts/provider/payment-service/consumer/order%2Fservice/version/1',
      { kind: 'scope', scope: 'write', subject: { kind: 'pacticipant', name: 'order/service' } },
    ],
    [
      'POST',
      '/pacts/provider/payment-service/consumer/order-service/pact-version/abc/verification-results',
      { kind: 'scope', scope: 'write', subject: { kind: 'pacticipant', name: 'payment-service' } },
    ],
    ['POST', '/contracts/publish', { kind: 'scope', scope: 'write', subject: { kind: 'bodyField', field: 'pacticipantName' } }],
    ['POST', '/pacticipants', { kind: 'scope', scope: 'write', subject: { kind: 'bodyField', field: 'name' } }],
    [
      'PUT',
      '/pacticipants/Order%20Service/versions/1',
      { kind: 'scope', scope: 'write', subject: { kind: 'pacticipant', name: 'Order Service' } },
    ],
    ['PATCH', '/deployed-versions/u1', { kind: 'scope', scope: 'write', subject: { kind: 'deployedVersion', uuid: 'u1' } }],
    ['PATCH', '/released-versions/u2', { kind: 'scope', scope: 'write', subject: { kind: 'releasedVersion', uuid: 'u2' } }],
  ])('%s %s writes for the right pacticipant', (method, path, expected) => {
    expect(requiredAccess(method, path, options)).toEqual(expected);
  });
});

describe('scopes are nested: admin ⊇ write ⊇ read', () => {
  it.each<[string[], 'read' | 'write' | 'admin', boolean]>([
    [['read'], 'read', true],
    [['read'], 'write', false],
    [['write'], 'read', true],
    [['write'], 'admin', false],
    [['admin'], 'write', true],
    [['read', 'admin'], 'admin', true],
    [['superuser'], 'read', false],
    [[], 'read', false],
  ])('%j grants %s: %s', (held, needed, expected) => {
    expect(grants(held, needed)).toBe(expected);
  });

  it('names the highest scope held', () => {
    expect(highestScope(['read', 'write'])).toBe('write');
    expect(highestScope(['bogus'])).toBeUndefined();
  });
});

describe('decideAccess', () => {
  const on: AuthSettings = { enabled: true, allowPublicRead: false };
  const publicRead: AuthSettings = { enabled: true, allowPublicRead: true };
  const token = (scopes: string[], pacticipants: string[] = []): Principal => ({
    kind: PrincipalKind.token,
    actor: 'token:ci',
    scopes,
    pacticipants,
  });
  const access = (method: string, path: string) => requiredAccess(method, path, options);
  const status = (d: ReturnType<typeof decideAccess>) => (d.allowed ? 'allowed' : d.status);

  it('allows everything when auth is off (the embedded quick start)', () => {
    expect(status(decideAccess({ enabled: false, allowPublicRead: false }, undefined, access('DELETE', '/environments/x')))).toBe(
      'allowed',
    );
  });

  it('asks anonymous callers to authenticate (401), except for public resources and public reads', () => {
    expect(status(decideAccess(on, undefined, access('GET', '/pacticipants')))).toBe(401);
    expect(status(decideAccess(on, undefined, access('GET', '/health')))).toBe('allowed');
    expect(status(decideAccess(publicRead, undefined, access('GET', '/pacticipants')))).toBe('allowed');
    expect(status(decideAccess(publicRead, undefined, access('POST', '/contracts/publish')))).toBe(401);
  });

  it('refuses a scope the caller does not hold with 403', () => {
    expect(status(decideAccess(on, token(['read']), access('POST', '/contracts/publish')))).toBe(403);
    expect(status(decideAccess(on, token(['write']), access('POST', '/environments')))).toBe(403);
    expect(status(decideAccess(on, token(['admin']), access('POST', '/environments')))).toBe('allowed');
  });

  describe('when the token is limited to some pacticipants', () => {
    const limited = token(['write'], ['order-service']);

    it('allows writes for its pacticipants, case-insensitively as Pact Broker names', () => {
      expect(status(decideAccess(on, limited, access('PUT', '/pacticipants/Order-Service/versions/1'), 'Order-Service'))).toBe('allowed');
    });

    it('refuses writes for other pacticipants, or for one it cannot identify', () => {
      expect(status(decideAccess(on, limited, access('PUT', '/pacticipants/payment-service/versions/1'), 'payment-service'))).toBe(403);
      expect(status(decideAccess(on, limited, access('POST', '/contracts/publish'), undefined))).toBe(403);
    });

    it('still reads everything', () => {
      expect(status(decideAccess(on, limited, access('GET', '/pacticipants/payment-service')))).toBe('allowed');
    });

    it('never makes admin requests, even with the admin scope', () => {
      expect(status(decideAccess(on, token(['admin'], ['order-service']), access('POST', '/environments')))).toBe(403);
    });
  });
});
