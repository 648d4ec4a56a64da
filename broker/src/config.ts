// The broker's configuration, read once from the environment through a schema and passed down.
// This is the only broker file that may read process.env (enforced by lint).
import path from 'node:path';
import { z } from 'zod';

/** Treat "" like unset, as shells and CI systems often export empty variables. */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const flag = (fallback: boolean) =>
  z
    .preprocess((v) => (v === '' || v === undefined ? fallback : v), z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]))
    .transform((v) => v === true || v === 'true' || v === '1');
const positiveInt = (fallback: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : Number(v)), z.number().int().positive());

const EnvSchema = z.object({
  PORT: z.preprocess((v) => (v === '' || v === undefined ? 9292 : Number(v)), z.number().int().min(0).max(65535)),
  HOST: optionalString,
  DATABASE_URL: optionalString,
  /** Prepare the hot-path queries and reuse their plans (default true). Set false behind PgBouncer in transaction mode before 1.21. */
  TREATY_DB_PREPARED_STATEMENTS: flag(true),
  /** Connections per pool (Prisma's and the hot-path queries' each; default 10). */
  TREATY_DB_POOL_SIZE: positiveInt(10),
  TREATY_DATA_DIR: optionalString,
  /** The public base URL used in HAL links; by default derived from each request. */
  TREATY_BASE_URL: optionalString,
  PACT_BROKER_BASE_URL: optionalString,
  /** Largest accepted request body in bytes (default 10 MB). */
  TREATY_MAX_BODY_BYTES: positiveInt(10 * 1024 * 1024),
  /**
   * Deepest nesting of arrays and objects accepted in a JSON body and in the pacts inside it (default 100).
   * At most 1000: deeper documents would overflow the stack when they are serialised again.
   */
  TREATY_MAX_JSON_DEPTH: z.preprocess((v) => (v === '' || v === undefined ? 100 : Number(v)), z.number().int().min(1).max(1000)),
  /** Allow publishing different content for an existing consumer version (Pact Broker's allow_dangerous_contract_modification). */
  TREATY_ALLOW_CONTRACT_OVERWRITE: flag(false),
  PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: flag(false),
  /** Test mode: serve POST /_pact/provider-states for the Pact Broker client's own pacts. Never on by default. */
  TREATY_PROVIDER_STATES: flag(false),
  // Webhooks. Lists are separated by spaces or commas; the PACT_BROKER_* names are the Pact Broker's.
  //  * schemes: default "https http". The Pact Broker allows only https; a self-hosted broker mostly
  //    triggers CI servers on the same private network, which often speak plain http. Set "https" to be strict.
  //  * hosts: default empty = any host (as the Pact Broker). Entries: exact host, "*.example.org",
  //    "/regex/", an IP address or a CIDR range. Set it to stop webhooks reaching internal services (SSRF).
  //  * methods: default "POST" (as the Pact Broker).
  TREATY_WEBHOOK_SCHEME_WHITELIST: optionalString,
  PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: optionalString,
  TREATY_WEBHOOK_HOST_WHITELIST: optionalString,
  PACT_BROKER_WEBHOOK_HOST_WHITELIST: optionalString,
  TREATY_WEBHOOK_HTTP_METHOD_WHITELIST: optionalString,
  PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: optionalString,
  /** How long one webhook request may take, connection to last byte (default 10 s). */
  TREATY_WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  /** How much of a webhook response body is read and kept for the logs (default 64 KiB). */
  TREATY_WEBHOOK_MAX_RESPONSE_BYTES: positiveInt(64 * 1024),
  /** Attempts per triggered webhook before it is marked failed (default 7: the first try and the Pact Broker's six retries). */
  TREATY_WEBHOOK_MAX_ATTEMPTS: positiveInt(7),
  /** Seconds to wait before each retry (default the Pact Broker's "10 60 120 300 600 1200"); the last value repeats. */
  TREATY_WEBHOOK_RETRY_SCHEDULE: optionalString,
  /** GitHub commit statuses: off unless a token is set. The API URL is https://api.github.com or GitHub Enterprise's https://HOST/api/v3. */
  TREATY_GITHUB_TOKEN: optionalString,
  TREATY_GITHUB_API_URL: optionalString,
  /** Also create a check run with a Markdown summary per verification (default false): GitHub allows check runs only to GitHub Apps. */
  TREATY_GITHUB_CHECK_RUNS: flag(false),
  /** Where users open Treaty's web UI, for the links in commit statuses (default: the base URL + /ui). */
  TREATY_UI_BASE_URL: optionalString,
  // Authentication (see docs: off when none of these is set; the startup log says which mode is on).
  /** "on": require credentials, with tokens from the database only; "off": refuse to start if credentials are configured. */
  TREATY_AUTH: z.preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v), z.enum(['on', 'off']).optional()),
  /** A bootstrap admin bearer token (e.g. to create the first database tokens with `POST /tokens`). */
  TREATY_ADMIN_TOKEN: optionalString,
  /** The Pact Broker's read-write user (HTTP Basic auth); it may do everything, as in the Pact Broker. */
  PACT_BROKER_BASIC_AUTH_USERNAME: optionalString,
  PACT_BROKER_BASIC_AUTH_PASSWORD: optionalString,
  /** The Pact Broker's read-only user (HTTP Basic auth). */
  PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: optionalString,
  PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: optionalString,
  /** GET requests need no credentials (the Pact Broker's allow_public_read). */
  TREATY_ALLOW_PUBLIC_READ: flag(false),
  PACT_BROKER_ALLOW_PUBLIC_READ: flag(false),
  /** GET /diagnostic/status/heartbeat needs no credentials (the Pact Broker's public_heartbeat). */
  PACT_BROKER_PUBLIC_HEARTBEAT: optionalString,
  // The durable job queue (webhooks, GitHub statuses, schema checks, cleanup).
  /** "off": this process serves HTTP only and runs no jobs (e.g. dedicated API replicas); another process must run them. */
  TREATY_JOBS: z.preprocess(
    (v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(['on', 'off']).default('on'),
  ),
  /** How often an idle worker looks for due jobs (default 1000 ms). */
  TREATY_JOBS_POLL_MS: positiveInt(1_000),
  /** Jobs one process runs at once (default 4). */
  TREATY_JOBS_CONCURRENCY: positiveInt(4),
  // Data retention (the Pact Broker's clean feature; see domain/retention/retention-rule.ts). The schedule is off by default.
  /** "true": run the cleanup as a scheduled job every TREATY_CLEANUP_EVERY_MINUTES (default 1440, once a day). */
  TREATY_CLEANUP_ENABLED: flag(false),
  TREATY_CLEANUP_EVERY_MINUTES: positiveInt(1440),
  /** Versions younger than this are kept (default 90 days, the Pact Broker's max_age default). */
  TREATY_CLEANUP_KEEP_DAYS: z.preprocess((v) => (v === '' || v === undefined ? 90 : Number(v)), z.number().int().min(0)),
  /** The newest versions of each pacticipant kept whatever their age (default 10). */
  TREATY_CLEANUP_KEEP_LATEST: z.preprocess((v) => (v === '' || v === undefined ? 10 : Number(v)), z.number().int().min(0)),
  /** Branch names whose every version is kept, comma or space separated (e.g. "main release"). */
  TREATY_CLEANUP_KEEP_BRANCHES: optionalString,
  /** At most this many versions deleted per run (default 1000, the Pact Broker's version_deletion_limit). */
  TREATY_CLEANUP_LIMIT: positiveInt(1000),
  // Limits on expensive work (issue #11; docs/production.md "Limits and overload").
  /**
   * Expensive operations (whole-integration matrices, large selector sets, costly GraphQL, schema comparisons) run at
   * once (default 2 on PostgreSQL; 1 on the embedded database, whose one connection runs one statement at a time anyway).
   */
  TREATY_EXPENSIVE_CONCURRENCY: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : Number(v)),
    z.number().int().positive().optional(),
  ),
  /** Expensive operations that may wait for a slot; beyond that a 503 with Retry-After (default 4). */
  TREATY_EXPENSIVE_QUEUE: z.preprocess((v) => (v === '' || v === undefined ? 4 : Number(v)), z.number().int().min(0)),
  /** How long one waits for a slot before the 503 (default 2000 ms). */
  TREATY_EXPENSIVE_WAIT_MS: positiveInt(2_000),
  /** GraphQL: deepest field nesting (default 10), aliases per operation (default 30), estimated cost budget (default 10000). */
  TREATY_GRAPHQL_MAX_DEPTH: positiveInt(10),
  TREATY_GRAPHQL_MAX_ALIASES: positiveInt(30),
  TREATY_GRAPHQL_MAX_COST: positiveInt(10_000),
  /** GraphQL queries whose estimated cost is above this take an expensive-work slot (default 5000; the web UI's pages cost less). */
  TREATY_GRAPHQL_EXPENSIVE_COST: positiveInt(5_000),
  /** Consumer version selectors one pacts-for-verification request may send (default 100). */
  TREATY_MAX_CONSUMER_VERSION_SELECTORS: positiveInt(100),
  /** Worker threads for schema comparisons (default 1); 0 runs them on the event loop. */
  TREATY_SCHEMA_CHECK_WORKERS: z.preprocess((v) => (v === '' || v === undefined ? 1 : Number(v)), z.number().int().min(0)),
  /** PostgreSQL statement_timeout of the broker's pools (default 10000 ms); 0 turns it off. */
  TREATY_DB_STATEMENT_TIMEOUT_MS: z.preprocess((v) => (v === '' || v === undefined ? 10_000 : Number(v)), z.number().int().min(0)),
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export interface Config {
  port: number;
  host: string | undefined;
  database:
    | { kind: 'postgres'; url: string; poolSize: number; preparedStatements: boolean; statementTimeoutMs: number }
    | { kind: 'embedded'; dataDir: string };
  /** When set, every HAL href starts with this; otherwise the request's own scheme and host are used. */
  baseUrl: string | undefined;
  maxBodyBytes: number;
  /** Deepest nesting of arrays and objects in a JSON body (and the pacts inside it). */
  maxJsonDepth: number;
  allowContractOverwrite: boolean;
  providerStatesEndpoint: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  webhooks: WebhookConfig;
  github: GitHubConfig;
  auth: AuthConfig;
  jobs: JobsConfig;
  cleanup: CleanupConfig;
  limits: LimitsConfig;
}

/** Bounds on expensive work (admission.ts, graphql/query-limits.ts). */
export interface LimitsConfig {
  expensiveConcurrency: number;
  expensiveQueue: number;
  expensiveWaitMs: number;
  graphqlMaxDepth: number;
  graphqlMaxAliases: number;
  graphqlMaxCost: number;
  graphqlExpensiveCost: number;
  maxConsumerVersionSelectors: number;
  /** Worker threads of the schema-check pool; 0: inline. */
  schemaCheckWorkers: number;
}

export interface CleanupConfig {
  /** The scheduled cleanup job runs (the admin endpoint and CLI work either way). */
  scheduled: boolean;
  everyMs: number;
  keepDays: number;
  keepLatest: number;
  keepBranches: string[];
  limit: number;
}

export interface JobsConfig {
  /** This process runs a job worker. */
  enabled: boolean;
  pollIntervalMs: number;
  concurrency: number;
}

export interface BasicAuthUser {
  username: string;
  password: string;
}

export interface AuthConfig {
  /** Off only when no credential setting is given at all (the embedded quick start). */
  enabled: boolean;
  /** The variables that turned auth on, for the startup log. */
  enabledBy: string[];
  /** TREATY_ADMIN_TOKEN: a bearer token with the admin scope, not stored in the database. */
  adminToken: string | undefined;
  /** The Pact Broker's read-write user: every scope (read, write, admin). */
  readWriteUser: BasicAuthUser | undefined;
  /** The Pact Broker's read-only user: the read scope. */
  readOnlyUser: BasicAuthUser | undefined;
  /** GET/HEAD requests need no credentials. */
  allowPublicRead: boolean;
  /** GET /diagnostic/status/heartbeat needs no credentials. */
  publicHeartbeat: boolean;
}

export interface WebhookConfig {
  /** Lower-case URL schemes a webhook may use. */
  schemeWhitelist: string[];
  /** Empty: any host. */
  hostWhitelist: string[];
  /** Upper-case HTTP methods a webhook may use. */
  httpMethodWhitelist: string[];
  timeoutMs: number;
  maxResponseBytes: number;
  /** Attempts per triggered webhook (and GitHub call) before giving up. */
  maxAttempts: number;
  /** Delay before retry n (index n-1); the last entry repeats. */
  retryScheduleMs: number[];
}

export interface GitHubConfig {
  /** Unset: no commit statuses are sent. */
  token: string | undefined;
  apiUrl: string;
  /** Base of the links in commit statuses; undefined: TREATY_BASE_URL + /ui, or the publishing request's base URL + /ui. */
  uiBaseUrl: string | undefined;
  /** Create a check run per verification besides the status; needs a GitHub App installation token (a personal token gets 403). */
  checkRuns: boolean;
}

const splitList = (value: string | undefined): string[] | undefined => value?.split(/[\s,]+/).filter(Boolean);

/** "10 60 120" (seconds) -> milliseconds; the Pact Broker's schedule when unset. */
function retrySchedule(value: string | undefined): number[] {
  const seconds = splitList(value) ?? ['10', '60', '120', '300', '600', '1200'];
  const parsed = seconds.map(Number);
  if (parsed.length === 0 || parsed.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new ConfigError(`TREATY_WEBHOOK_RETRY_SCHEDULE must be a list of seconds, e.g. "10 60 120 300 600 1200"; got "${value}".`);
  }
  return parsed.map((n) => Math.round(n * 1000));
}

export class ConfigError extends Error {}

// npm sets INIT_CWD to where `npm start` was typed, so ./.treaty is relative to that folder, not broker/.
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const auth = authConfigFrom(e);
  if (auth.enabled && e.TREATY_PROVIDER_STATES) {
    throw new ConfigError(providerStatesWithAuthMessage(auth.enabledBy));
  }
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolSize: e.TREATY_DB_POOL_SIZE,
          preparedStatements: e.TREATY_DB_PREPARED_STATEMENTS,
          statementTimeoutMs: e.TREATY_DB_STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'embedded', dataDir: path.resolve(env.INIT_CWD ?? cwd, e.TREATY_DATA_DIR ?? '.treaty') },
    baseUrl: (e.TREATY_BASE_URL ?? e.PACT_BROKER_BASE_URL)?.replace(/\/+$/, ''),
    maxBodyBytes: e.TREATY_MAX_BODY_BYTES,
    maxJsonDepth: e.TREATY_MAX_JSON_DEPTH,
    allowContractOverwrite: e.TREATY_ALLOW_CONTRACT_OVERWRITE || e.PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION,
    providerStatesEndpoint: e.TREATY_PROVIDER_STATES,
    logLevel: e.LOG_LEVEL,
    jobs: { enabled: e.TREATY_JOBS === 'on', pollIntervalMs: e.TREATY_JOBS_POLL_MS, concurrency: e.TREATY_JOBS_CONCURRENCY },
    limits: {
      expensiveConcurrency: e.TREATY_EXPENSIVE_CONCURRENCY ?? (e.DATABASE_URL ? 2 : 1),
      expensiveQueue: e.TREATY_EXPENSIVE_QUEUE,
      expensiveWaitMs: e.TREATY_EXPENSIVE_WAIT_MS,
      graphqlMaxDepth: e.TREATY_GRAPHQL_MAX_DEPTH,
      graphqlMaxAliases: e.TREATY_GRAPHQL_MAX_ALIASES,
      graphqlMaxCost: e.TREATY_GRAPHQL_MAX_COST,
      graphqlExpensiveCost: e.TREATY_GRAPHQL_EXPENSIVE_COST,
      maxConsumerVersionSelectors: e.TREATY_MAX_CONSUMER_VERSION_SELECTORS,
      schemaCheckWorkers: e.TREATY_SCHEMA_CHECK_WORKERS,
    },
    cleanup: {
      scheduled: e.TREATY_CLEANUP_ENABLED,
      everyMs: e.TREATY_CLEANUP_EVERY_MINUTES * 60_000,
      keepDays: e.TREATY_CLEANUP_KEEP_DAYS,
      keepLatest: e.TREATY_CLEANUP_KEEP_LATEST,
      keepBranches: splitList(e.TREATY_CLEANUP_KEEP_BRANCHES) ?? [],
      limit: e.TREATY_CLEANUP_LIMIT,
    },
    webhooks: {
      schemeWhitelist: (splitList(e.TREATY_WEBHOOK_SCHEME_WHITELIST ?? e.PACT_BROKER_WEBHOOK_SCHEME_WHITELIST) ?? ['https', 'http']).map(
        (s) => s.toLowerCase(),
      ),
      hostWhitelist: splitList(e.TREATY_WEBHOOK_HOST_WHITELIST ?? e.PACT_BROKER_WEBHOOK_HOST_WHITELIST) ?? [],
      httpMethodWhitelist: (
        splitList(e.TREATY_WEBHOOK_HTTP_METHOD_WHITELIST ?? e.PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST) ?? ['POST']
      ).map((m) => m.toUpperCase()),
      timeoutMs: e.TREATY_WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: e.TREATY_WEBHOOK_MAX_RESPONSE_BYTES,
      maxAttempts: e.TREATY_WEBHOOK_MAX_ATTEMPTS,
      retryScheduleMs: retrySchedule(e.TREATY_WEBHOOK_RETRY_SCHEDULE),
    },
    github: {
      token: e.TREATY_GITHUB_TOKEN,
      apiUrl: (e.TREATY_GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
      uiBaseUrl: e.TREATY_UI_BASE_URL?.replace(/\/+$/, ''),
      checkRuns: e.TREATY_GITHUB_CHECK_RUNS,
    },
    auth,
  };
}

/** TREATY_PROVIDER_STATES empties the database on request, so it must never run on a broker that has users. */
export function providerStatesWithAuthMessage(enabledBy: string[]): string {
  return (
    `TREATY_PROVIDER_STATES=1 cannot be combined with authentication (turned on by ${enabledBy.join(', ')}): ` +
    'the provider-states endpoint deletes all data on every call and is meant only for a throwaway test broker. ' +
    'Unset TREATY_PROVIDER_STATES, or unset the authentication settings on this test broker.'
  );
}

const MIN_ADMIN_TOKEN_LENGTH = 16;

function basicUser(
  kind: string,
  username: string | undefined,
  password: string | undefined,
  names: [string, string],
): BasicAuthUser | undefined {
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined) {
    throw new ConfigError(
      `The ${kind} user needs both ${names[0]} and ${names[1]}; only ${username === undefined ? names[1] : names[0]} is set.`,
    );
  }
  return { username, password };
}

function authConfigFrom(e: z.output<typeof EnvSchema>): AuthConfig {
  const readWriteUser = basicUser('read-write', e.PACT_BROKER_BASIC_AUTH_USERNAME, e.PACT_BROKER_BASIC_AUTH_PASSWORD, [
    'PACT_BROKER_BASIC_AUTH_USERNAME',
    'PACT_BROKER_BASIC_AUTH_PASSWORD',
  ]);
  const readOnlyUser = basicUser('read-only', e.PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME, e.PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD, [
    'PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME',
    'PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD',
  ]);
  if (e.TREATY_ADMIN_TOKEN !== undefined && e.TREATY_ADMIN_TOKEN.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `TREATY_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long; generate one with e.g. \`openssl rand -base64 32\`.`,
    );
  }
  const enabledBy = [
    e.TREATY_AUTH === 'on' ? 'TREATY_AUTH=on' : undefined,
    e.TREATY_ADMIN_TOKEN !== undefined ? 'TREATY_ADMIN_TOKEN' : undefined,
    readWriteUser ? 'PACT_BROKER_BASIC_AUTH_USERNAME' : undefined,
    readOnlyUser ? 'PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME' : undefined,
    e.PACT_BROKER_PUBLIC_HEARTBEAT !== undefined ? 'PACT_BROKER_PUBLIC_HEARTBEAT' : undefined,
  ].filter((v): v is string => v !== undefined);
  if (e.TREATY_AUTH === 'off' && enabledBy.length > 0) {
    throw new ConfigError(
      `TREATY_AUTH=off conflicts with ${enabledBy.join(', ')}. Unset TREATY_AUTH to turn authentication on with those settings, or unset them.`,
    );
  }
  const heartbeat = e.PACT_BROKER_PUBLIC_HEARTBEAT?.toLowerCase();
  return {
    enabled: enabledBy.length > 0,
    enabledBy,
    adminToken: e.TREATY_ADMIN_TOKEN,
    readWriteUser,
    readOnlyUser,
    allowPublicRead: e.TREATY_ALLOW_PUBLIC_READ || e.PACT_BROKER_ALLOW_PUBLIC_READ,
    publicHeartbeat: heartbeat === 'true' || heartbeat === '1',
  };
}
