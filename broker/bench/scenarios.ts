// The benchmark scenarios: each is a request plan built from random rows of the seeded database,
// the check its answers must pass, and the "floor": one raw indexed SQL lookup of the same fact,
// timed on the same database, so a scenario's latency can be read as a multiple of it.
import type { SqlSession } from '@treaty/prisma';
import { ResponseCheck } from './load/load-generator.ts';
import type { RequestPlan, RequestSpec } from './load/request-plans.ts';
import { Random } from './seed/random.ts';

export interface Scenario {
  name: string;
  description: string;
  plan: RequestPlan;
  check: ResponseCheck;
  /** The raw lookup the floor is measured with. */
  floorSql: string;
  floorParams: unknown[][];
  /** Whether every request writes (publish, verification) rather than reads. */
  write: boolean;
}

const enc = encodeURIComponent;
const SAMPLE = 200;

/** `SAMPLE` random rows of a query, reproducibly (setseed + ORDER BY random()). */
async function sample<T extends object>(sql: SqlSession, seed: number, text: string): Promise<T[]> {
  await sql.query(`SELECT setseed($1)`, [((seed % 1000) / 1000) * 0.999]);
  return rowsOf<T>(sql, `${text} ORDER BY random() LIMIT ${SAMPLE}`);
}

async function rowsOf<T>(sql: SqlSession, text: string): Promise<T[]> {
  return (await sql.query(text)).rows as T[];
}

export async function buildScenarios(sql: SqlSession, seed: number, runId: string): Promise<Scenario[]> {
  const rng = new Random(seed);
  const environments = (await rowsOf<{ name: string }>(sql, `SELECT name FROM environments ORDER BY name`)).map((e) => e.name);
  if (environments.length === 0) throw new Error('the benchmark database has no environments: seed it first (npm run bench:seed)');

  // can-i-deploy to an environment: a random version of a random consumer.
  const consumerVersions = await sample<{ name: string; number: string; versionId: number }>(
    sql,
    seed,
    `SELECT p.name, v.number, v.id AS "versionId" FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id
     WHERE EXISTS (SELECT 1 FROM integrations i WHERE i.consumer_id = p.id)`,
  );
  // Explicit versions: a consumer version and a provider version that verified its pact.
  const verifiedPairs = await sample<{
    consumer: string;
    cv: string;
    provider: string;
    pv: string;
    pactVersionId: number;
    providerVersionId: number;
  }>(
    sql,
    seed,
    `SELECT c.name AS consumer, cv.number AS cv, p.name AS provider, prv.number AS pv, lv.pact_version_id AS "pactVersionId", lv.provider_version_id AS "providerVersionId"
     FROM latest_verifications lv
     JOIN pact_publications pp ON pp.pact_version_id = lv.pact_version_id
     JOIN versions cv ON cv.id = pp.consumer_version_id JOIN pacticipants c ON c.id = pp.consumer_id
     JOIN versions prv ON prv.id = lv.provider_version_id JOIN pacticipants p ON p.id = pp.provider_id
     WHERE lv.verification_id IN (SELECT floor(random() * (SELECT max(id) FROM verifications))::int + 1 FROM generate_series(1, 2000))`,
  );
  const integrations = await sample<{ consumer: string; provider: string; consumerId: number; providerId: number }>(
    sql,
    seed,
    `SELECT c.name AS consumer, p.name AS provider, i.consumer_id AS "consumerId", i.provider_id AS "providerId"
     FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id JOIN pacticipants p ON p.id = i.provider_id`,
  );
  const providers = await sample<{ name: string; id: number }>(
    sql,
    seed,
    `SELECT p.name, p.id FROM pacticipants p WHERE EXISTS (SELECT 1 FROM integrations i WHERE i.provider_id = p.id)`,
  );
  const pactVersions = await sample<{ provider: string; consumer: string; sha: string; consumerId: number; providerId: number }>(
    sql,
    seed,
    `SELECT p.name AS provider, c.name AS consumer, pv.sha, pv.consumer_id AS "consumerId", pv.provider_id AS "providerId"
     FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants p ON p.id = pv.provider_id`,
  );
  if ([consumerVersions, verifiedPairs, integrations, providers, pactVersions].some((rows) => rows.length === 0)) {
    throw new Error('the benchmark database has no pacts or verifications: seed it first (npm run bench:seed)');
  }
  const publisher = rng.pick(integrations);
  const get = (path: string): RequestSpec => ({ method: 'GET', path });

  return [
    {
      name: 'can-i-deploy to environment',
      description: 'GET /can-i-deploy?pacticipant=&version=&environment= for a random consumer version',
      plan: {
        kind: 'cycle',
        requests: consumerVersions.map((v) =>
          get(`/can-i-deploy?pacticipant=${enc(v.name)}&version=${enc(v.number)}&environment=${enc(rng.pick(environments))}`),
        ),
      },
      check: ResponseCheck.canIDeploy,
      floorSql: `SELECT version_id FROM current_deployments WHERE environment_uuid = (SELECT uuid FROM environments WHERE name = $1) AND pacticipant_id = $2`,
      floorParams: integrations.map((i) => [rng.pick(environments), i.providerId]),
      write: false,
    },
    {
      name: 'can-i-deploy explicit versions',
      description:
        'GET /matrix?q[][pacticipant]=A&q[][version]=..&q[][pacticipant]=B&q[][version]=..&latestby=cvpv (pact-broker can-i-deploy with two --pacticipant/--version pairs)',
      plan: {
        kind: 'cycle',
        requests: verifiedPairs.map((r) =>
          get(
            `/matrix?q[][pacticipant]=${enc(r.consumer)}&q[][version]=${enc(r.cv)}&q[][pacticipant]=${enc(r.provider)}&q[][version]=${enc(r.pv)}&latestby=cvpv`,
          ),
        ),
      },
      check: ResponseCheck.canIDeploy,
      floorSql: `SELECT verification_id FROM latest_verifications WHERE pact_version_id = $1 AND provider_version_id = $2`,
      floorParams: verifiedPairs.map((r) => [r.pactVersionId, r.providerVersionId]),
      write: false,
    },
    {
      name: 'matrix for an integration',
      description: 'GET /matrix?q[][pacticipant]=C&q[][pacticipant]=P&latestby=cvpv&limit=100',
      plan: {
        kind: 'cycle',
        requests: integrations.map((i) =>
          get(`/matrix?q[][pacticipant]=${enc(i.consumer)}&q[][pacticipant]=${enc(i.provider)}&latestby=cvpv&limit=100`),
        ),
      },
      check: ResponseCheck.canIDeploy,
      floorSql: `SELECT id FROM pact_publications WHERE provider_id = $1 AND consumer_id = $2 ORDER BY consumer_version_id DESC LIMIT 1`,
      floorParams: integrations.map((i) => [i.providerId, i.consumerId]),
      write: false,
    },
    {
      name: 'pacts for verification',
      description:
        'POST /pacts/provider/P/for-verification {mainBranch:true},{deployedOrReleased:true}, providerVersionBranch main, pending status',
      plan: {
        kind: 'cycle',
        requests: providers.map((p) => ({
          method: 'POST',
          path: `/pacts/provider/${enc(p.name)}/for-verification`,
          body: JSON.stringify({
            consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
            providerVersionBranch: 'main',
            includePendingStatus: true,
          }),
        })),
      },
      check: ResponseCheck.status,
      floorSql: `SELECT max(bv.version_id) FROM branches b JOIN branch_versions bv ON bv.branch_id = b.id WHERE b.pacticipant_id = $1 AND b.name = 'main'`,
      floorParams: integrations.map((i) => [i.consumerId]),
      write: false,
    },
    {
      name: 'publish new pact',
      description: `POST /contracts/publish: a new version of ${publisher.consumer} with new content for ${publisher.provider}`,
      plan: { kind: 'publish', runId, consumer: publisher.consumer, provider: publisher.provider, newContent: true },
      check: ResponseCheck.status,
      floorSql: `SELECT id FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2 AND sha = $3`,
      floorParams: pactVersions.map((p) => [p.consumerId, p.providerId, p.sha]),
      write: true,
    },
    {
      name: 'publish repeated pact',
      description: `POST /contracts/publish: a new version of ${publisher.consumer} with content already published`,
      plan: { kind: 'publish', runId, consumer: publisher.consumer, provider: publisher.provider, newContent: false },
      check: ResponseCheck.status,
      floorSql: `SELECT id FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2 AND sha = $3`,
      floorParams: pactVersions.map((p) => [p.consumerId, p.providerId, p.sha]),
      write: true,
    },
    {
      name: 'publish verification result',
      description: 'POST .../pact-version/{sha}/verification-results from a new provider version',
      plan: { kind: 'verify', runId, targets: pactVersions.map(({ provider, consumer, sha }) => ({ provider, consumer, sha })) },
      check: ResponseCheck.status,
      floorSql: `SELECT max(number) FROM verifications WHERE pact_version_id = (SELECT id FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2 AND sha = $3)`,
      floorParams: pactVersions.map((p) => [p.consumerId, p.providerId, p.sha]),
      write: true,
    },
  ];
}

/** `--only a,b`: the scenarios whose name contains one of the (lower-case) texts; all of them when none is given. */
export function selectScenarios<S extends Pick<Scenario, 'name'>>(all: readonly S[], only: readonly string[]): S[] {
  if (only.length === 0) return [...all];
  const chosen = all.filter((s) => only.some((t) => s.name.toLowerCase().includes(t)));
  if (chosen.length === 0) throw new Error(`--only matched no scenario; the scenarios are: ${all.map((s) => s.name).join('; ')}`);
  return chosen;
}

/** Median time (ms) of one floor lookup, over the sampled parameters, after a warm-up pass. */
export async function measureFloor(sql: SqlSession, scenario: Scenario, rounds = 300): Promise<number> {
  const params = scenario.floorParams;
  for (let i = 0; i < Math.min(50, rounds); i++) await sql.query(scenario.floorSql, params[i % params.length]);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await sql.query(scenario.floorSql, params[i % params.length]);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 1000) / 1000;
}
