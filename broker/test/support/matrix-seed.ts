// Test data for the matrix and can-i-deploy: pacticipants, versions, pacts, verifications, environments,
// deployments and releases, written straight to the database (publishing and deployment endpoints are
// separate work). Every name gets a random suffix, so tests share one database without truncating.
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../src/store/db.ts';
import { queryText } from './test-database.ts';
import { addTag } from '../../src/store/pacticipants/tags.ts';
import { addToBranch } from '../../src/store/pacticipants/branches.ts';
import { findOrCreatePacticipant } from '../../src/store/pacticipants/pacticipants.ts';
import { findOrCreateVersion } from '../../src/store/pacticipants/versions.ts';

export interface SeededPacticipant {
  id: number;
  name: string;
}
export interface SeededVersion {
  id: number;
  pacticipantId: number;
  number: string;
  pacticipant: SeededPacticipant;
}
export interface SeededPact {
  pactVersionId: number;
  sha: string;
  consumer: SeededPacticipant;
  provider: SeededPacticipant;
}
export interface SeededEnvironment {
  uuid: string;
  name: string;
}

export type MatrixSeed = ReturnType<typeof matrixSeed>;

export function matrixSeed(db: Database) {
  const suffix = randomUUID().slice(0, 8);
  const run = (text: string, params: unknown[] = []) => queryText(db, text, params);

  return {
    /** A unique name: `Foo` → `Foo-1a2b3c4d`. */
    name: (base: string) => `${base}-${suffix}`,

    async pacticipant(base: string, opts: { mainBranch?: string } = {}): Promise<SeededPacticipant> {
      const { pacticipant } = await findOrCreatePacticipant(db, `${base}-${suffix}`);
      if (opts.mainBranch) await run(`UPDATE pacticipants SET main_branch = $2 WHERE id = $1`, [pacticipant.id, opts.mainBranch]);
      return { id: pacticipant.id, name: pacticipant.name };
    },

    async version(pacticipant: SeededPacticipant, number: string, opts: { branch?: string; tags?: string[] } = {}): Promise<SeededVersion> {
      const { version } = await findOrCreateVersion(db, pacticipant.id, number);
      if (opts.branch) await addToBranch(db, version, opts.branch);
      for (const tag of opts.tags ?? []) await addTag(db, version, tag);
      return { id: version.id, pacticipantId: pacticipant.id, number, pacticipant };
    },

    async tag(version: SeededVersion, tag: string): Promise<void> {
      await addTag(db, { id: version.id, pacticipantId: version.pacticipantId }, tag);
    },

    /** Consumer version publishes `content` (same content → same pact version) for the provider. */
    async publish(consumerVersion: SeededVersion, provider: SeededPacticipant, content = 'default'): Promise<SeededPact> {
      const consumer = consumerVersion.pacticipant;
      const text = JSON.stringify({
        consumer: { name: consumer.name },
        provider: { name: provider.name },
        interactions: [{ description: content }],
      });
      const sha = createHash('sha256').update(text).digest('hex');
      const [pv] = await run(
        `INSERT INTO pact_versions (sha, consumer_id, provider_id, content, interaction_count) VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (consumer_id, provider_id, sha) DO UPDATE SET sha = EXCLUDED.sha RETURNING id`,
        [sha, consumer.id, provider.id, text],
      );
      const pactVersionId = pv!.id as number;
      await run(
        `INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer_version_id, provider_id) DO UPDATE SET pact_version_id = EXCLUDED.pact_version_id,
           revision_number = pact_publications.revision_number + 1, updated_at = now()`,
        [consumerVersion.id, consumer.id, provider.id, pactVersionId],
      );
      await run(`INSERT INTO integrations (consumer_id, provider_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [consumer.id, provider.id]);
      return { pactVersionId, sha, consumer, provider };
    },

    /** Provider version verifies the pact content; returns the verification number. */
    async verify(pact: SeededPact, providerVersion: SeededVersion, success: boolean): Promise<number> {
      const [v] = await run(
        `INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success)
         VALUES ((SELECT COALESCE(max(number), 0) + 1 FROM verifications WHERE pact_version_id = $1), $1, $2, $3, $4, $5)
         RETURNING id, number, success, created_at`,
        [pact.pactVersionId, providerVersion.id, pact.consumer.id, pact.provider.id, success],
      );
      await run(
        `INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id, success, verified_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (pact_version_id, provider_version_id) DO UPDATE SET verification_id = EXCLUDED.verification_id,
           success = EXCLUDED.success, verified_at = EXCLUDED.verified_at`,
        [pact.pactVersionId, providerVersion.id, v!.id, v!.success, v!.created_at],
      );
      return v!.number as number;
    },

    async environment(base = 'production', production = true): Promise<SeededEnvironment> {
      const env = { uuid: randomUUID(), name: `${base}-${suffix}` };
      await run(`INSERT INTO environments (uuid, name, production) VALUES ($1, $2, $3)`, [env.uuid, env.name, production]);
      return env;
    },

    /** record-deployment: replaces the version in the same (environment, pacticipant, instance) slot. */
    async deploy(version: SeededVersion, env: SeededEnvironment, applicationInstance = ''): Promise<string> {
      const uuid = randomUUID();
      await run(
        `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_uuid, application_instance) VALUES ($1, $2, $3, $4, $5)`,
        [uuid, version.id, version.pacticipantId, env.uuid, applicationInstance || null],
      );
      await run(
        `UPDATE deployed_versions SET undeployed_at = now() WHERE uuid IN
           (SELECT deployed_version_uuid FROM current_deployments WHERE environment_uuid = $1 AND pacticipant_id = $2 AND application_instance = $3)`,
        [env.uuid, version.pacticipantId, applicationInstance],
      );
      await run(
        `INSERT INTO current_deployments (environment_uuid, pacticipant_id, application_instance, deployed_version_uuid, version_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (environment_uuid, pacticipant_id, application_instance) DO UPDATE SET deployed_version_uuid = EXCLUDED.deployed_version_uuid, version_id = EXCLUDED.version_id`,
        [env.uuid, version.pacticipantId, applicationInstance, uuid, version.id],
      );
      return uuid;
    },

    /** record-undeployment. */
    async undeploy(deployedVersionUuid: string): Promise<void> {
      await run(`DELETE FROM current_deployments WHERE deployed_version_uuid = $1`, [deployedVersionUuid]);
      await run(`UPDATE deployed_versions SET undeployed_at = now() WHERE uuid = $1`, [deployedVersionUuid]);
    },

    /** record-release. */
    async release(version: SeededVersion, env: SeededEnvironment): Promise<string> {
      const uuid = randomUUID();
      await run(`INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_uuid) VALUES ($1, $2, $3, $4)`, [
        uuid,
        version.id,
        version.pacticipantId,
        env.uuid,
      ]);
      return uuid;
    },

    /** record-support-ended. */
    async endSupport(releasedVersionUuid: string): Promise<void> {
      await run(`UPDATE released_versions SET support_ended_at = now() WHERE uuid = $1`, [releasedVersionUuid]);
    },
  };
}
