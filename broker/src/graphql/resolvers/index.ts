// Every type's resolvers, in one map for makeExecutableSchema (one file per type next to this one).
import { DateTimeScalar, JsonScalar } from '../scalars.ts';
import { branchResolvers, versionBranchResolvers } from './branch.ts';
import { canIDeployAnswerResolvers } from './can-i-deploy.ts';
import { deployedVersionResolvers, releasedVersionResolvers } from './deployed-version.ts';
import { environmentResolvers } from './environment.ts';
import {
  environmentHealthField,
  environmentHealthResolvers,
  pairVerdictResolvers,
  promotionChangeResolvers,
  promotionPlan,
  promotionPlanResolvers,
  verdictCountsResolvers,
} from './environment-health.ts';
import { integrationResolvers } from './integration.ts';
import { interactionResolvers } from './interaction.ts';
import { matrixRowResolvers } from './matrix-row.ts';
import { mutationResolvers } from './mutation.ts';
import { networkEdgeResolvers, networkNodeResolvers } from './network.ts';
import { networkResolvers } from './network-layout.ts';
import { pactDiffResolvers } from './pact-diff.ts';
import { pactResolvers } from './pact.ts';
import { pacticipantResolvers } from './pacticipant.ts';
import { queryResolvers } from './query.ts';
import { schemaCheckResolvers, schemaResolvers, schemaSubjectResolvers } from './schema.ts';
import { tagResolvers } from './tag.ts';
import { verificationResultResolvers } from './verification-result.ts';
import { versionResolvers } from './version.ts';
import { webhookResolvers } from './webhook.ts';
import { webhookExecutionResolvers } from './webhook-execution.ts';

export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  Query: { ...queryResolvers, promotionPlan },
  Mutation: mutationResolvers,
  Pacticipant: pacticipantResolvers,
  Version: versionResolvers,
  Branch: branchResolvers,
  VersionBranch: versionBranchResolvers,
  Tag: tagResolvers,
  Environment: { ...environmentResolvers, ...environmentHealthField },
  DeployedVersion: deployedVersionResolvers,
  ReleasedVersion: releasedVersionResolvers,
  Integration: integrationResolvers,
  Pact: pactResolvers,
  Interaction: interactionResolvers,
  PactDiff: pactDiffResolvers,
  VerificationResult: verificationResultResolvers,
  MatrixRow: matrixRowResolvers,
  CanIDeployAnswer: canIDeployAnswerResolvers,
  Network: networkResolvers,
  NetworkNode: networkNodeResolvers,
  NetworkEdge: networkEdgeResolvers,
  Webhook: webhookResolvers,
  WebhookExecution: webhookExecutionResolvers,
  SchemaSubject: schemaSubjectResolvers,
  Schema: schemaResolvers,
  SchemaCheck: schemaCheckResolvers,
  EnvironmentHealth: environmentHealthResolvers,
  VerdictCounts: verdictCountsResolvers,
  PairVerdict: pairVerdictResolvers,
  PromotionPlan: promotionPlanResolvers,
  PromotionChange: promotionChangeResolvers,
};
