// Which scope each request needs, decided from its method and path alone (before routing, so that
// an unauthenticated caller is refused before any lookup can tell it whether a resource exists).
//
// The first matching rule wins. Anything not listed falls through to: GET/HEAD/OPTIONS → read,
// any other method → admin. New write endpoints are therefore admin-only until a rule here says
// otherwise: fail closed.
import { Scope } from './scopes.ts';

/** Whose data a write touches, for tokens limited to some pacticipants. */
export type Subject =
  /** Not about one pacticipant (environments, webhooks, tokens, ...). */
  | { kind: 'none' }
  /** Named in the path (already URL-decoded). */
  | { kind: 'pacticipant'; name: string }
  /** Named in the JSON body: `pacticipantName` of POST /contracts/publish, `name` of POST /pacticipants. */
  | { kind: 'bodyField'; field: 'pacticipantName' | 'name' }
  /** Found through a deployed/released version's UUID (record-undeployment, record-support-ended). */
  | { kind: 'deployedVersion'; uuid: string }
  | { kind: 'releasedVersion'; uuid: string };

export type RequiredAccess =
  /** No credentials ever (badges for READMEs, health probes). */
  { kind: 'public' } | { kind: 'scope'; scope: Scope; subject: Subject };

export interface AccessRuleOptions {
  /** PACT_BROKER_PUBLIC_HEARTBEAT: the heartbeat needs no credentials. */
  publicHeartbeat: boolean;
}

type Params = Record<string, string>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Rule {
  methods: readonly Method[] | 'any';
  /** Segments: literals (matched case-insensitively, as Express routes), `{name}` for one segment, a final `**` for any rest. */
  pattern: string;
  access: (params: Params, options: AccessRuleOptions) => RequiredAccess;
}

const PUBLIC: RequiredAccess = { kind: 'public' };
const scope = (s: Scope, subject: Subject = { kind: 'none' }): RequiredAccess => ({ kind: 'scope', scope: s, subject });
const admin = () => scope(Scope.admin);
const read = () => scope(Scope.read);
const writeFor = (param: string) => (p: Params) => scope(Scope.write, { kind: 'pacticipant', name: p[param] ?? '' });

const READS = ['GET'] as const;
const ANY = 'any';

const rules: readonly Rule[] = [
  // Public: liveness/readiness probes and badges (the Pact Broker skips auth for badges so they can be embedded in READMEs).
  { methods: READS, pattern: '/health', access: () => PUBLIC },
  { methods: READS, pattern: '/health/ready', access: () => PUBLIC },
  { methods: READS, pattern: '/diagnostic/status/heartbeat', access: (_, o) => (o.publicHeartbeat ? PUBLIC : read()) },
  { methods: READS, pattern: '/pacts/provider/{p}/consumer/{c}/latest/badge', access: () => PUBLIC },
  { methods: READS, pattern: '/pacts/provider/{p}/consumer/{c}/latest/{tag}/badge', access: () => PUBLIC },
  { methods: READS, pattern: '/pacts/provider/{p}/consumer/{c}/latest-untagged/badge', access: () => PUBLIC },
  { methods: READS, pattern: '/matrix/provider/{p}/latest/{pt}/consumer/{c}/latest/{ct}/badge', access: () => PUBLIC },
  { methods: READS, pattern: '/pacticipants/{p}/latest-version/{tag}/can-i-deploy/to/{to}/badge', access: () => PUBLIC },
  {
    methods: READS,
    pattern: '/pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{env}/badge',
    access: () => PUBLIC,
  },
  { methods: READS, pattern: '/pacticipants/{p}/main-branch/can-i-merge/badge', access: () => PUBLIC },
  // The web UI's shell and assets hold no data (the data comes through /graphql, which needs read), and
  // the UI must load to show its sign-in form.
  { methods: READS, pattern: '/ui', access: () => PUBLIC },
  { methods: READS, pattern: '/ui/**', access: () => PUBLIC },

  // Admin, every method: tokens, the audit log, webhooks (their definitions hold CI credentials), test-mode state changes.
  { methods: ANY, pattern: '/tokens/**', access: admin },
  { methods: ANY, pattern: '/audit-events/**', access: admin },
  { methods: ANY, pattern: '/admin/**', access: admin },
  { methods: ANY, pattern: '/webhooks/**', access: admin },
  { methods: ANY, pattern: '/pacts/provider/{p}/consumer/{c}/webhooks/**', access: admin },
  {
    methods: ANY,
    pattern: '/pacts/provider/{p}/consumer/{c}/pact-version/{sha}/verification-results/{n}/triggered-webhooks',
    access: admin,
  },
  {
    methods: ANY,
    pattern: '/pacts/provider/{p}/consumer/{c}/pact-version/{sha}/metadata/{m}/verification-results/{n}/triggered-webhooks',
    access: admin,
  },
  { methods: ANY, pattern: '/_pact/provider-states', access: admin },
  // Deletions of any kind are admin.
  { methods: ['DELETE'], pattern: '/**', access: admin },
  { methods: ['POST', 'PUT', 'PATCH'], pattern: '/environments/**', access: admin },

  // Reads that are POSTs: the verifier's pacts-for-verification query, and GraphQL, whose
  // resolvers check the scope of each mutation themselves (graphql/errors.ts#requireAccess).
  { methods: ['POST'], pattern: '/pacts/provider/{p}/for-verification', access: read },
  { methods: ['POST'], pattern: '/graphql', access: read },
  { methods: ['POST'], pattern: '/schemas/check', access: read },

  // Writes, each tied to the pacticipant it changes.
  { methods: ['POST'], pattern: '/contracts/publish', access: () => scope(Scope.write, { kind: 'bodyField', field: 'pacticipantName' }) },
  { methods: ['PUT', 'PATCH'], pattern: '/pacts/provider/{p}/consumer/{c}/version/{v}', access: writeFor('c') },
  { methods: ['POST'], pattern: '/pacts/provider/{p}/consumer/{c}/pact-version/{sha}/verification-results', access: writeFor('p') },
  {
    methods: ['POST'],
    pattern: '/pacts/provider/{p}/consumer/{c}/pact-version/{sha}/metadata/{m}/verification-results',
    access: writeFor('p'),
  },
  { methods: ['POST'], pattern: '/pacticipants', access: () => scope(Scope.write, { kind: 'bodyField', field: 'name' }) },
  { methods: ['POST'], pattern: '/schemas/publish', access: () => scope(Scope.write, { kind: 'bodyField', field: 'pacticipantName' }) },
  // pactflow publish-provider-contract: the provider publishes its own contract.
  { methods: ['POST'], pattern: '/provider-contracts/provider/{p}/publish', access: writeFor('p') },
  { methods: ['PUT'], pattern: '/schemas/subjects/{s}/compatibility', access: () => scope(Scope.write) },
  { methods: ['POST', 'PUT', 'PATCH'], pattern: '/pacticipants/{p}/**', access: writeFor('p') },
  {
    methods: ['PATCH'],
    pattern: '/deployed-versions/{uuid}',
    access: (p) => scope(Scope.write, { kind: 'deployedVersion', uuid: p.uuid ?? '' }),
  },
  {
    methods: ['PATCH'],
    pattern: '/released-versions/{uuid}',
    access: (p) => scope(Scope.write, { kind: 'releasedVersion', uuid: p.uuid ?? '' }),
  },
];

/** The access a request needs. `path` is the raw (still URL-encoded) path without the query string. */
export function requiredAccess(method: string, path: string, options: AccessRuleOptions): RequiredAccess {
  const m = normaliseMethod(method);
  const segments = splitPath(path);
  for (const rule of rules) {
    if (rule.methods !== ANY && (m === undefined || !rule.methods.includes(m))) continue;
    const params = matchSegments(rule.pattern, segments);
    if (params) return rule.access(params, options);
  }
  return m === 'GET' ? read() : admin();
}

/** HEAD and OPTIONS read like GET; an unknown method gets no rule (so admin, and then 404/405 from the router). */
function normaliseMethod(method: string): Method | undefined {
  const upper = method.toUpperCase();
  if (upper === 'HEAD' || upper === 'OPTIONS') return 'GET';
  return upper === 'GET' || upper === 'POST' || upper === 'PUT' || upper === 'PATCH' || upper === 'DELETE' ? upper : undefined;
}

/** Raw path → segments; a trailing slash is ignored (Express routes are not strict about it). */
function splitPath(path: string): string[] {
  return path.split('/').filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)));
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchSegments(pattern: string, segments: readonly string[]): Params | undefined {
  const parts = splitPath(pattern);
  const params: Params = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '**') return params;
    const segment = segments[i];
    if (segment === undefined) return undefined;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      if (segment === '') return undefined;
      params[name] = decode(segment);
    } else if (decode(segment).toLowerCase() !== part.toLowerCase()) {
      return undefined;
    }
  }
  return segments.length === parts.length ? params : undefined;
}
