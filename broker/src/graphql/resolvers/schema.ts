// Schema contracts in GraphQL (issue #8): subjects, their publications (type Schema) with content, the diff with the
// previous publication and the last check Treaty ran. Relations go through the batched loaders.
import type { SchemaCompatibilityMode } from '@treaty/wire';
import { readAsyncApi } from '@treaty/verifiers/asyncapi';
import { verdictOf } from '../../domain/schemas/schema-kinds.ts';
import { listChecksOfSubject, type ContractCheckRow } from '../../store/schemas/contract-checks.ts';
import { listSubjects, type SubjectSummaryRow } from '../../store/schemas/subjects.ts';
import type { PublicationRow } from '../../store/schemas/schema-publications.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

export async function schemaSubjects(_: unknown, __: unknown, ctx: GraphqlContext): Promise<SubjectSummaryRow[]> {
  return listSubjects(ctx.db);
}

export async function schemaSubject(_: unknown, args: { name: string }, ctx: GraphqlContext): Promise<SubjectSummaryRow | null> {
  return (await listSubjects(ctx.db, [args.name]))[0] ?? null;
}

const bounded = (first: number | null | undefined, fallback: number): number => Math.min(Math.max(first ?? fallback, 1), 200);

export const schemaSubjectResolvers = {
  schemas: async (s: SubjectSummaryRow, args: { first?: number | null }, ctx: GraphqlContext) =>
    (await ctx.loaders.schemasBySubject.load(s.id)).slice(0, bounded(args.first, 50)),
  checks: (s: SubjectSummaryRow, args: { first?: number | null }, ctx: GraphqlContext) =>
    listChecksOfSubject(ctx.db, s.id, bounded(args.first, 20)),
};

const asMode = (mode: SchemaCompatibilityMode): SchemaCompatibilityMode =>
  mode === 'NONE' ? 'BACKWARD' : (mode.replace('_TRANSITIVE', '') as SchemaCompatibilityMode);

export const schemaResolvers = {
  pacticipant: async (p: PublicationRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(p.pacticipantId), 'pacticipant', p.pacticipantId),
  files: async (p: PublicationRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.schemaFiles.load(p.contentId), 'schema content', p.contentId),
  /** Computed on demand: the changes from the previous publication of the same pacticipant and role. */
  async diff(p: PublicationRow, _: unknown, ctx: GraphqlContext) {
    const previous = await ctx.loaders.previousSchema.load(p.id);
    if (!previous) return null;
    const [before, after, subject] = await Promise.all([
      ctx.loaders.schemaFiles.load(previous.contentId),
      ctx.loaders.schemaFiles.load(p.contentId),
      schemaSubject(null, { name: p.subject }, ctx),
    ]);
    const outcome = await ctx.schemaChecker.checkEvolution(
      p.kind,
      [before ?? []],
      after ?? [],
      asMode(subject?.compatibility ?? 'BACKWARD'),
    );
    return {
      previousVersion: previous.version,
      previousSha: previous.sha,
      verdict: verdictOf[outcome.status],
      findings: outcome.findings,
      reasons: outcome.reasons,
    };
  },
  lastCheck: async (p: PublicationRow, _: unknown, ctx: GraphqlContext) => (await ctx.loaders.lastSchemaCheck.load(p.id)) ?? null,
  /** Read on demand from the files (validated when published), without the AsyncAPI parser. */
  async asyncApi(p: PublicationRow, _: unknown, ctx: GraphqlContext) {
    if (p.kind !== 'asyncapi') return null;
    const read = readAsyncApi(required(await ctx.loaders.schemaFiles.load(p.contentId), 'schema content', p.contentId));
    if (read.status !== 'ok') return null;
    const { model } = read;
    return {
      version: model.version,
      title: model.title ?? null,
      channels: model.channels.map((c) => ({
        id: c.id,
        address: c.address,
        messages: c.messages.map((m) => ({ id: m.id, name: m.name ?? null, title: m.title ?? null, contentType: m.contentType ?? null })),
        operations: model.operations
          .filter((o) => o.channelId === c.id)
          .map((o) => ({ id: o.id, action: o.action, messages: o.messageIds })),
      })),
    };
  },
};

export const schemaCheckResolvers = {
  id: (c: ContractCheckRow) => String(c.id),
  verdict: (c: ContractCheckRow) => verdictOf[c.status],
  checkedAt: (c: ContractCheckRow) => c.createdAt,
  consumerVersion: (c: ContractCheckRow) => c.consumerVersion,
  providerVersion: (c: ContractCheckRow) => c.providerVersion,
};

export async function schemasOfPacticipant(p: { id: number }, _: unknown, ctx: GraphqlContext): Promise<PublicationRow[]> {
  return ctx.loaders.latestSchemasByPacticipant.load(p.id);
}
